#!/usr/bin/env bash
# Runs the same job on the direct, flink (embedded) and spark (local[*]) runners and checks the datasets
# are byte-identical: every file but manifest.json (which records the runner, command and timings).
# Usage: bench/cross-runner.sh [git-url] [work-folder]   (default: the gson corpus repo)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
src="${1:-file://$HOME/.cache/repotune-corpus/gson.git}"
work="${2:-/tmp/repotune-cross-runner}"
rm -rf "$work"; mkdir -p "$work"

for runner in direct flink spark; do
  start=$(date +%s.%N)
  /usr/bin/time -f "%e %M" -o "$work/$runner.time" \
    "$here/repotune" generate "$src" --out "$work/$runner" --runner "$runner" >"$work/$runner.log" 2>&1 \
    || { echo "$runner: run failed, see $work/$runner.log" >&2; tail -5 "$work/$runner.log" >&2; exit 1; }
  read -r wall rss <"$work/$runner.time"
  printf '%-7s %6.1f s wall  %5d MiB peak RSS  %s files\n' "$runner" "$wall" "$((rss / 1024))" \
    "$(cd "$work/$runner" && find . -type f | wc -l)"
done

status=0
for runner in flink spark; do
  if diff -r -q -x manifest.json "$work/direct" "$work/$runner" >"$work/$runner.diff"; then
    echo "direct == $runner: $(cd "$work/direct" && find . -type f ! -name manifest.json | wc -l) files identical (manifest.json aside)"
  else
    echo "direct != $runner:"; cat "$work/$runner.diff"; status=1
  fi
done
exit $status
