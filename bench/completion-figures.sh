#!/usr/bin/env bash
# Completion data figures: generates each corpus repository cold (a cache of its own) with --verbose and
# prints, from the dataset, the FIM examples per middle kind and split, their tokens, the repository-level
# documents and their tokens, the held-out files, the wall time, and the completion stages' time summed
# over threads (the share is of the wall time times the worker threads, so 1.0 would be all of both cores).
# Usage: bench/completion-figures.sh [REPO...]   default: jsoup guava jdk17
#   (bare repositories under ~/.cache/repotune-corpus; build them with ../shared/corpus/make-corpus.sh)
# Env: COMPLETION_WORK (default /tmp/repotune-completion), PROFILE (default starcoder2), THREADS (default: nproc).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
corpus="$HOME/.cache/repotune-corpus"
work="${COMPLETION_WORK:-/tmp/repotune-completion}"
profile="${PROFILE:-starcoder2}"
threads="${THREADS:-$(nproc)}"
"$here/repotune" --help >/dev/null 2>&1 || true   # builds the jar if sources changed
[ $# -gt 0 ] || set -- jsoup guava jdk17
mkdir -p "$work"
status=0
for name in "$@"; do
  src="$corpus/$name.git"
  [ -d "$src" ] || { echo "$name: no $src (run ../shared/corpus/make-corpus.sh)"; status=1; continue; }
  rm -rf "$work/$name" "$work/cache-$name"
  start=$(date +%s.%N)
  REPOTUNE_CACHE="$work/cache-$name" "$here/repotune" generate "file://$src" --out "$work/$name" \
    --profile "$profile" --verbose >"$work/$name.log" 2>&1 || { echo "$name: generate failed (see $work/$name.log)"; status=1; continue; }
  end=$(date +%s.%N)
  python3 - "$work/$name" "$work/$name.log" "$start" "$end" "$threads" <<'PY'
import json, sys, glob, re, collections
out, log, start, end, threads = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
def rows(folder):
    for f in sorted(glob.glob(f"{out}/{folder}/*.jsonl")):
        with open(f, encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)
kinds = collections.Counter(); tokens = collections.Counter(); files = collections.defaultdict(set)
for r in rows("fim"):
    split = r["meta"]["split"]
    kinds[(split, r["kind"])] += 1; tokens[split] += r["meta"]["tokens"]; files[split].add(r["path"])
docs = list(rows("repo"))
wall = end - start
text = open(log, encoding="utf-8").read()
m = re.search(r"completion data took ([\d,]+) ms for FIM examples and ([\d,]+) ms for repository documents", text)
fim_ms, repo_ms = (int(m.group(1).replace(",", "")), int(m.group(2).replace(",", ""))) if m else (-1, -1)
name = out.rstrip("/").split("/")[-1]
print(f"{name}: wall {wall:.1f} s; FIM {sum(v for (s, k), v in kinds.items() if s == 'train'):,} train examples "
      f"({len(files['train']):,} files, {tokens['train']:,} tokens), {sum(v for (s, k), v in kinds.items() if s == 'test'):,} test "
      f"({len(files['test']):,} held-out files, {tokens['test']:,} tokens)")
for split in ("train", "test"):
    row = ", ".join(f"{k} {v:,}" for (s, k), v in sorted(kinds.items()) if s == split)
    print(f"  {split:5} by middle: {row}")
print(f"  repo documents {len(docs):,}, tokens {sum(d['meta']['tokens'] for d in docs):,}, "
      f"with FIM {sum(1 for d in docs if (d['meta'].get('fim_path') or d['meta'].get('fimPath'))):,}, "
      f"max tokens {max((d['meta']['tokens'] for d in docs), default=0):,}")
share = (fim_ms + repo_ms) / 1000 / (wall * threads) if fim_ms >= 0 else float("nan")
print(f"  completion stages: FIM {fim_ms / 1000:.1f} s + repo documents {repo_ms / 1000:.1f} s summed over threads; "
      f"{share:.1%} of wall x {threads} threads")
PY
  echo
done
exit $status
