#!/usr/bin/env bash
# How well AskTeacher keeps a slow endpoint busy: runs `repotune generate --teacher openai` against a local
# server that answers every chat completion after a fixed delay, and prints the achieved requests/s beside
# the bound, concurrency / delay. Requests/s is measured at the server, from the first request's arrival to
# the last reply, so cloning, parsing and shard writing are not in it.
#
#   bench/teacher-throughput.sh [REPO] [CONCURRENCY] [DELAY_S] [MAX_CHUNKS]
#   default: file:///root/.cache/repotune-corpus/gson.git 8 0.5 200; REPOTUNE_ARGS adds generate flags
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
repo="${1:-file:///root/.cache/repotune-corpus/gson.git}"
conc="${2:-8}"
delay="${3:-0.5}"
max_chunks="${4:-200}"
port="${PORT:-18432}"
work="$(mktemp -d)"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

python3 "$here/slow_chat_server.py" "$port" "$delay" &
server_pid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/v1/models" >/dev/null 2>&1 && break; sleep 0.1; done

# A fresh response cache (REPOTUNE_CACHE) so every call reaches the server.
start=$(date +%s.%N)
REPOTUNE_CACHE="$work/cache" "$here/../repotune" generate "$repo" --out "$work/out" \
  --teacher openai --base-url "http://127.0.0.1:$port/v1" --model slow-model \
  --concurrency "$conc" --max-chunks "$max_chunks" ${REPOTUNE_ARGS:-} >"$work/summary.txt" 2>"$work/err.txt" \
  || { cat "$work/err.txt" >&2; exit 1; }
end=$(date +%s.%N)

curl -fs "http://127.0.0.1:$port/v1/stats" | python3 -c "
import json, sys
s = json.load(sys.stdin)
n, span = s['n'], (s['last'] - s['first']) if s['n'] else 0
conc, delay = $conc, $delay
bound = conc / delay
rate = n / span if span > 0 else 0
print(f'repo {\"$repo\".rsplit(\"/\", 1)[-1]}  --max-chunks $max_chunks  --concurrency {conc}  delay {delay:.3f} s')
print(f'requests {n} in {span:.2f} s at the server; whole run {float(\"$end\") - float(\"$start\"):.1f} s')
print(f'achieved {rate:.2f} req/s   bound {bound:.2f} req/s (concurrency / delay)   {100 * rate / bound:.0f}% of bound')
waves = -(-n // conc)
if n:
    print(f'(with {n} requests the last wave is {n - (waves - 1) * conc} of {conc}: at best {100 * n / (waves * delay) / bound:.0f}% of bound)')
"
grep -E "teacher" "$work/summary.txt" || true
