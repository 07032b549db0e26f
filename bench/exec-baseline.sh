#!/usr/bin/env bash
# Exec baseline figures (issue 18): checks a corpus repository out at a revision into a temporary folder,
# builds it offline once with its own Maven build, runs all its tests twice with the JUnit console launcher
# and prints build seconds, tests found, passing, flaky, failing and the two test runs' seconds.
# Usage: bench/exec-baseline.sh [NAME] [REV]   default: jsoup HEAD
#   (bare repositories under ~/.cache/repotune-corpus; build them with ../shared/corpus/make-corpus.sh)
# Env: EXEC_WORK (default: a fresh folder under /tmp, removed at the end unless KEEP=1);
#   EXEC_ONLINE_REPO: build online against this private local repository instead of offline against ~/.m2
#   (jsoup's build plugins, javadoc and central-publishing among them, are not in this machine's ~/.m2;
#   a private repository keeps the shared ~/.m2 unwritten), e.g. EXEC_ONLINE_REPO=/tmp/exec-baseline-m2.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
name="${1:-jsoup}"
rev="${2:-HEAD}"
src="$HOME/.cache/repotune-corpus/$name.git"
[ -d "$src" ] || { echo "$name: no $src (run ../shared/corpus/make-corpus.sh)"; exit 1; }
work="${EXEC_WORK:-$(mktemp -d /tmp/exec-baseline-XXXXXX)}"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
strip() { sed 's/\x1b\[0m//g'; }
(cd "$here" && mvn -B -o -q -pl extractors -am test-compile 2>&1 | strip)
cp_file="$work/extractors.classpath"
(cd "$here" && mvn -B -o -q -pl extractors org.apache.maven.plugins:maven-dependency-plugin:2.8:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test 2>&1 | strip)
cp="$here/extractors/target/test-classes:$here/extractors/target/classes:$(cat "$cp_file")"
start=$(date +%s.%N)
java -cp "$cp" dev.repotune.extractors.exec.ExecBaselineBench "$src" "$rev" "$work" ${EXEC_ONLINE_REPO:+"$EXEC_ONLINE_REPO"}
end=$(date +%s.%N)
echo "wall seconds: $(echo "$end - $start" | bc)"
