#!/usr/bin/env bash
# Every redaction the secret and PII redactors make on a folder: file:line, kind and the original line,
# then counts by kind and the warm-pass time (stderr). Usage: bench/secret-counts.sh DIR > report.tsv
# e.g. bench/secret-counts.sh ~/.cache/repotune-corpus/commons-lang3
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
(cd "$here" && mvn -B -q -o compile -pl extractors >/dev/null 2>&1) || { echo "build failed: mvn -B -o compile -pl extractors" >&2; exit 1; }
exec java -Xmx2g -cp "$here/extractors/target/classes" "$here/bench/SecretCounts.java" "$1"
