#!/usr/bin/env bash
# Truth check of the offline teacher: generates a dataset per corpus repository with the current jar
# and holds every SFT row against the source (bench/TruthCheck.java: code blocks as the source renders
# them, paths and identifiers that exist, tests that are tests, callers that call, no line numbers).
# Prints each repository's task mix, the share of rows stating a line number, and any false row.
# Usage: bench/truth-check.sh [REPO...]   default: jsoup javapoet gson commons-lang3 guava
#   (bare repositories under ~/.cache/repotune-corpus; build them with ../shared/corpus/make-corpus.sh)
# Env: TRUTH_WORK (default /tmp/repotune-truth) holds the datasets and a cache of their own.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
corpus="$HOME/.cache/repotune-corpus"
work="${TRUTH_WORK:-/tmp/repotune-truth}"
jar="$here/pipeline/target/repotune.jar"
"$here/repotune" --help >/dev/null 2>&1 || true   # builds the jar if sources changed
[ $# -gt 0 ] || set -- jsoup javapoet gson commons-lang3 guava
mkdir -p "$work"
status=0
for name in "$@"; do
  src="$corpus/$name.git"
  [ -d "$src" ] || { echo "$name: no $src (run ../shared/corpus/make-corpus.sh)"; status=1; continue; }
  rm -rf "$work/$name"
  REPOTUNE_CACHE="$work/cache" "$here/repotune" generate "file://$src" --out "$work/$name" \
    >"$work/$name.log" 2>&1 || { echo "$name: generate failed (see $work/$name.log)"; status=1; continue; }
  java -Xss8m -cp "$jar" "$here/bench/TruthCheck.java" "$work/$name" "$src" 2>&1 | grep -v '^Note: ' \
    || status=1
  echo
done
exit $status
