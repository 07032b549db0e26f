#!/usr/bin/env bash
# Execution figures (issue 18): runs `repotune generate --exec` on a corpus repository with a cache of its
# own (cold, then warm) and prints the build and baseline, the methods with passing tests, mutants made /
# checked / compiled / killed by kind, the rows of exec/, preference/, rl/ and instances/, the replays'
# outcomes, mutants per minute and the wall times; then scores three RL tasks with bench/rl-score.sh, their
# own reference (must be 1.0) and a killed mutant of the same method (must be 0.0).
# Usage: bench/exec-figures.sh [NAME] [generate options...]   default: jsoup
#   (bare repositories under ~/.cache/repotune-corpus; build them with ../shared/corpus/make-corpus.sh)
# Env: EXEC_WORK (default /tmp/repotune-exec-figures) holds the dataset, its cache and the logs.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
name="${1:-jsoup}"; shift || true
opts=("$@")
src="$HOME/.cache/repotune-corpus/$name.git"
[ -d "$src" ] || { echo "$name: no $src (run ../shared/corpus/make-corpus.sh)"; exit 1; }
work="${EXEC_WORK:-/tmp/repotune-exec-figures}/$name"
rm -rf "$work"; mkdir -p "$work"
"$here/repotune" --help >/dev/null 2>&1 || true   # builds the jar if sources changed
run() { # run LABEL OUT
  local start end
  start=$(date +%s.%N)
  REPOTUNE_CACHE="$work/cache" "$here/repotune" generate "file://$src" --out "$work/$2" --exec --verbose ${opts[@]+"${opts[@]}"} \
    >"$work/$1.log" 2>&1 || { echo "$1: generate failed (see $work/$1.log)"; exit 1; }
  end=$(date +%s.%N)
  echo "$1 wall seconds: $(echo "$end - $start" | bc)"
}
run cold out
grep -E '^repotune: .*(building|built|tests pass|does not build)' "$work/cold.log"
grep -E '^  (exec|preference|rl|instances|mutants) ' "$work/cold.log"
grep -E 'mutants checked' "$work/cold.log"
python3 - "$work/out" <<'PY'
import json, sys, collections
d = sys.argv[1]
c = json.load(open(f"{d}/manifest.json"))["counts"]
m, r, st = c.get("mutants", {}), c.get("replays", {}), c.get("stages", {})
print("methods with passing tests:", m.get("methods_with_tests", 0), " without:", m.get("methods_without_passing_tests", 0),
      " redacted (skipped):", m.get("methods_redacted", 0))
print("mutants made:", m.get("made", 0), " checked:", m.get("checked", 0), " compiled:", m.get("compiled", 0),
      " killed:", m.get("killed", 0), " by kind:", m.get("killed_by_kind", {}))
print("rejected mutants:", c.get("rejected", {}).get("TestMutants", {}))
print("replays: candidates", r.get("candidates", 0), " replayed", st.get("ReplayFixes", {}).get("in", 0),
      " instances", st.get("ReplayFixes", {}).get("out", 0), " FAIL_TO_PASS tests", r.get("fail_to_pass", 0),
      " rejected", c.get("rejected", {}).get("ReplayFixes", {}))
PY
ms=$(grep -oE 'mutants took [0-9,]+ ms' "$work/cold.log" | tr -dc 0-9)
checked=$(python3 -c "import json;print(json.load(open('$work/out/manifest.json'))['counts'].get('mutants',{}).get('checked',0))")
[ -n "$ms" ] && [ "$ms" -gt 0 ] && echo "mutants per minute (TestMutants' own time, two threads): $(echo "scale=1; $checked * 60000 / $ms" | bc)"
run warm out-warm
grep -E 'mutants checked' "$work/warm.log"
cmp <(cat "$work"/out/exec/*.jsonl "$work"/out/rl/*.jsonl "$work"/out/instances/*.jsonl 2>/dev/null) \
    <(cat "$work"/out-warm/exec/*.jsonl "$work"/out-warm/rl/*.jsonl "$work"/out-warm/instances/*.jsonl 2>/dev/null) \
  && echo "warm rerun: exec, rl and instances rows byte-identical"
# three RL tasks scored: the reference (1.0) and, when a preference pair names the method, its rejected mutant (0.0)
rl="$(ls "$work"/out/rl/train-*.jsonl | head -1)"
python3 - "$work/out" "$work" <<'PY'
import json, sys, glob
d, w = sys.argv[1], sys.argv[2]
pairs = {}
for f in glob.glob(f"{d}/preference/*.jsonl"):
    for l in open(f):
        p = json.loads(l); pairs.setdefault(p["meta"]["symbol"], p)
rows = [json.loads(l) for f in sorted(glob.glob(f"{d}/rl/train-*.jsonl")) for l in open(f)]
picked = [r for r in rows if r["extra_info"]["symbol"] in pairs][:3]
with open(f"{w}/rl-picks.txt", "w") as out:
    for r in picked:
        p = pairs[r["extra_info"]["symbol"]]
        open(f"{w}/mutant-{r['extra_info']['id']}.txt", "w").write(p["rejected"][0]["content"])
        out.write(r["extra_info"]["id"] + "\n")
PY
while read -r id; do
  echo "rl $id reference: $(RL_WORK="$work/rl-score" "$here/bench/rl-score.sh" "$rl" "$id" "$src")"
  echo "rl $id mutant:    $(RL_WORK="$work/rl-score" "$here/bench/rl-score.sh" "$rl" "$id" "$src" "$work/mutant-$id.txt")"
done < "$work/rl-picks.txt"
