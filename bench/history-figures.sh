#!/usr/bin/env bash
# History figures: generates each corpus repository cold (a cache of its own) and prints, from the dataset,
# the commits listed and kept, the history rows per kind and split, the drops per reason, the commit
# documents and their tokens, and the wall time; then a warm rerun's wall time (every change from the
# history cache). Snapshot outputs are made too (they are part of every run); FIM is off to keep the
# figure about history.
# Usage: bench/history-figures.sh [REPO...]   default: jsoup javapoet
#   (bare repositories under ~/.cache/repotune-corpus; build them with ../shared/corpus/make-corpus.sh)
# Env: HISTORY_WORK (default /tmp/repotune-history), EXTRA (more generate options, e.g. "--holdout-commits 50").
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
corpus="$HOME/.cache/repotune-corpus"
work="${HISTORY_WORK:-/tmp/repotune-history}"
"$here/repotune" --help >/dev/null 2>&1 || true   # builds the jar if sources changed
[ $# -gt 0 ] || set -- jsoup javapoet
mkdir -p "$work"
status=0
for name in "$@"; do
  src="$corpus/$name.git"
  [ -d "$src" ] || { echo "$name: no $src (run ../shared/corpus/make-corpus.sh)"; status=1; continue; }
  rm -rf "$work/$name" "$work/$name-warm" "$work/cache-$name"
  times=()
  for run in "$name" "$name-warm"; do
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    REPOTUNE_CACHE="$work/cache-$name" "$here/repotune" generate "file://$src" --out "$work/$run" --name "$name" \
      --fim-per-file 0 --verbose ${EXTRA:-} >"$work/$run.log" 2>&1 || { echo "$run: generate failed (see $work/$run.log)"; status=1; continue 2; }
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  python3 - "$work/$name" "${times[0]}" "${times[1]}" "$work/$name-warm.log" <<'PY'
import json, sys, glob, collections, re
out, cold, warm, warmlog = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
def rows(folder):
    for f in sorted(glob.glob(f"{out}/{folder}/*.jsonl")):
        with open(f, encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)
kinds = collections.Counter(); commits = collections.defaultdict(set)
for r in rows("history"):
    kinds[(r["meta"]["split"], r["meta"]["task"])] += 1
    commits[r["meta"]["split"]].add(r["meta"]["commit"])
reasons = collections.Counter()
for r in rows("rejected"):
    if r["stage"] in ("ReadHistory", "ToHistoryRows"):
        reasons[(r["stage"], r["reason"])] += 1
docs = list(rows("commits"))
counts = json.load(open(f"{out}/manifest.json"))["counts"]
flat = {}
def walk(prefix, node):
    if isinstance(node, dict):
        for k, v in node.items():
            walk(f"{prefix}.{k}" if prefix else k, v)
    else:
        flat[prefix] = node
walk("", counts)
listed = next((v for k, v in flat.items() if k.endswith("ReadHistory.in")), "?")
kept = next((v for k, v in flat.items() if k.endswith("ReadHistory.out")), "?")
name = out.rstrip("/").split("/")[-1]
m = re.search(r"([\d,]+) changes and ([\d,]+) commits' rows reused from the history cache; history rows took ([\d,]+) ms",
              open(warmlog, encoding="utf-8").read())
print(f"{name}: cold {cold:.1f} s, warm rerun {warm:.1f} s ({m.group(1) if m else '?'} changes and {m.group(2) if m else '?'} commits' rows"
      f" from the cache, rows step {int(m.group(3).replace(',', '')) / 1000 if m else float('nan'):.1f} s); "
      f"commits listed {listed}, kept {kept}; history rows from {len(commits['train'])} train / {len(commits['test'])} test commits")
for split in ("train", "test"):
    row = ", ".join(f"{k} {v:,}" for (s, k), v in sorted(kinds.items()) if s == split)
    print(f"  {split:5} rows: {row or 'none'}")
print("  dropped: " + ", ".join(f"{r} {n:,}" for (st, r), n in reasons.most_common()))
print(f"  commit documents {len(docs):,}, tokens {sum(d['meta']['tokens'] for d in docs):,}; "
      f"over context (not made) {flat.get('commit_documents.over_context', 0)}")
PY
  echo
done
exit $status
