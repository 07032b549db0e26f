#!/usr/bin/env bash
# Speed and memory on one corpus repository, measured in one run side by side:
#   the JavaParser floors (bench/ParseFloor.java, 2 threads: bare, and with the ranges and Javadoc a tool
#   needs), repomix 1.14.0 default and --compress,
#   repotune cold (empty extraction cache), warm (same commit again) and after a commit that changes 1%
#   of the .java files; each with wall time and peak RSS (GNU time), then the ratios. Also what exact
#   o200k token counts alone cost (bench/TokenFloor.java, 2 threads, timed inside): for the source, as the
#   CPT rows need, and for the cold run's SFT messages, as the manifest needs; set against the budget that
#   "1.2x the parse" leaves for everything after the parse.
# Usage: bench/jdk-speed.sh [NAME] [XMX]   NAME = jdk17 (default), guava, gson, ... under ~/.cache/repotune-corpus
# Needs: npm i --prefix /tmp/repomix repomix@1.14.0 (skipped with a note when absent). Run it alone.
# JFR=1 also records the cold run and prints where its CPU went, by step (slows it by a few percent).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
name="${1:-jdk17}"; xmx="${2:-2g}"
corpus="$HOME/.cache/repotune-corpus"
src="$corpus/$name.git"; tree="$corpus/$name"
work="/tmp/repotune-speed-$name"; rm -rf "$work"; mkdir -p "$work"
repomix="${REPOMIX:-/tmp/repomix/node_modules/.bin/repomix}"  # or REPOMIX=/path/to/repomix
jar="$here/pipeline/target/repotune.jar"
"$here/repotune" --help >/dev/null 2>&1 || true   # builds the jar if sources changed

declare -A wall rss
measure() {  # measure KEY command...
  local key="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/$key.time" "$@" >"$work/$key.log" 2>&1 \
    || { echo "$key failed (see $work/$key.log)" >&2; tail -3 "$work/$key.log" >&2; return 1; }
  read -r wall[$key] rss[$key] <"$work/$key.time"
  printf '%-22s %7.1f s  %6d MiB\n' "$key" "${wall[$key]}" "$((rss[$key] / 1024))"
}

echo "corpus $name: $(find "$tree" -name '*.java' -not -path '*/.git/*' | wc -l) .java files; $(nproc) cores; -Xmx$xmx for repotune"
measure parse-floor java -Xss8m -cp "$jar" "$here/bench/ParseFloor.java" "$tree" 2 bare
measure parse-floor-ranges java -Xss8m -cp "$jar" "$here/bench/ParseFloor.java" "$tree" 2 ranges
measure token-floor java -cp "$jar" "$here/bench/TokenFloor.java" source "$tree" 2
if [ -x "$repomix" ]; then
  measure repomix "$repomix" --style xml -o "$work/repomix.xml" "$tree"
  measure repomix-compress "$repomix" --compress --style xml -o "$work/repomix-c.xml" "$tree"
else
  echo "repomix not installed at $repomix: skipped (see /work/shared/corpus/BASELINE.md)"
fi

# The clone is prepared outside the timings; the extraction, row, token, completion and history caches
# start empty.
cache="$work/cache"; clone="$work/clone"
git clone -q "file://$src" "$clone"
export REPOTUNE_JAVA_OPTS="-Xmx$xmx ${REPOTUNE_JAVA_OPTS:-}"
# fills the clone cache only (one file)
"$here/repotune" generate "file://$clone" --cache-dir "$cache" --out "$work/prime" --include 'README*' --max-chunks 1 >/dev/null 2>&1 || true
rm -rf "$cache/extract" "$cache/rows" "$cache/tokens" "$cache/completion" "$cache/history" "$work/prime"
# --verbose: the runs end with how many files were parsed and how long dedup took.
# JFR=1: the cold run is recorded (settings=profile) and its CPU printed by step (bench/jfr-stages.py).
jfr=""; [ "${JFR:-0}" != 1 ] || jfr="-XX:StartFlightRecording=filename=$work/cold.jfr,settings=profile"
REPOTUNE_JAVA_OPTS="$REPOTUNE_JAVA_OPTS $jfr" \
  measure repotune-cold "$here/repotune" generate "file://$clone" --cache-dir "$cache" --out "$work/cold" --verbose
if [ -n "$jfr" ]; then python3 "$here/bench/jfr-stages.py" "$work/cold.jfr"; fi
measure repotune-warm "$here/repotune" generate "file://$clone" --cache-dir "$cache" --out "$work/warm" --verbose
# A commit touching 1% of the .java files: a comment line put first in each, which moves every line of
# the file (so its chunks, and the callers and tests that point into it from other files, change).
( cd "$clone" && git ls-files '*.java' | awk 'NR % 100 == 1' | while read -r f; do { printf '// touched\n'; cat "$f"; } >"$f.new" && mv "$f.new" "$f"; done \
  && git -c user.name=bench -c user.email=bench@invalid commit -qam "touch 1%" )
measure repotune-1pct "$here/repotune" generate "file://$clone" --cache-dir "$cache" --out "$work/changed" --verbose
for run in cold warm 1pct; do
  echo "  $run: $(grep -h -e "files parsed" -e "replayed" -e "dedup took" "$work/repotune-$run.log" | sed 's/^repotune: //' | paste -sd ';' -)"
done
measure sft-token-floor java -Xmx8g -cp "$jar" "$here/bench/TokenFloor.java" sft "$work/cold/sft" 2
inner() { sed -n 's/.* in \([0-9.]*\) s with.*/\1/p' "$work/$1.log"; }
echo "token counts alone (timed inside, text in memory): source $(inner token-floor) s, cold SFT messages $(inner sft-token-floor) s;" \
  "1.2x the parse leaves $(awk -v p="${wall[parse-floor]}" 'BEGIN { printf "%.1f", 0.2 * p }') s for all work after the parse"
chunks=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["counts"]["chunks"]["total"])' "$work/cold/manifest.json")

ratio() { awk -v a="${wall[$1]:-0}" -v b="${wall[$2]:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
floors=$(awk -v p="${wall[parse-floor]}" -v t="${wall[token-floor]}" 'BEGIN { printf "%.1f", p + t }')
echo "ratios (wall):"
echo "  cold / (parse + token floors, ${floors} s)  $(awk -v c="${wall[repotune-cold]}" -v f="$floors" 'BEGIN { printf "%.2f", c / f }')   (issue 20's target: 1.5)"
echo "  cold / (parse with ranges + token floors)  $(awk -v c="${wall[repotune-cold]}" -v p="${wall[parse-floor-ranges]}" -v t="${wall[token-floor]}" 'BEGIN { printf "%.2f", c / (p + t) }')   (the parse repotune needs: ranges and Javadoc kept)"
echo "  1% change / cold         $(ratio repotune-1pct repotune-cold)   (issue 20's target: 0.25)"
echo "  cold / parse floor       $(ratio repotune-cold parse-floor)"
echo "  warm / cold              $(ratio repotune-warm repotune-cold)"
echo "  warm / repomix           $(ratio repotune-warm repomix)"
echo "  cold / repomix --compress $(ratio repotune-cold repomix-compress)"
awk -v c="$chunks" -v w="${wall[repotune-cold]}" 'BEGIN { if (w > 0) printf "  cold throughput         %.0f chunks/s\n", c / w }'
