#!/usr/bin/env bash
# Compares repotune's SecretRedactor with Secretlint's recommended preset on the planted-secret fixture
# (extractors/src/test/resources/secrets/planted, listed in expected.tsv, stranger/ included; repotune
# side: SecretRedactor then PiiRedactor, as the pipeline runs them) and prints a table: which
# planted secret each finds, and which decoy each flags. Needs node/npm and Maven; installs Secretlint
# into a temporary folder that it removes afterwards.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
planted="$here/extractors/src/test/resources/secrets/planted"
SECRETLINT_VERSION="${SECRETLINT_VERSION:-13}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm init -y >/dev/null 2>&1 \
  && npm install --silent --no-audit --no-fund \
    "secretlint@$SECRETLINT_VERSION" "@secretlint/secretlint-rule-preset-recommend@$SECRETLINT_VERSION" >/dev/null 2>&1)
echo '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}' > "$tmp/.secretlintrc.json"
echo "Secretlint $("$tmp/node_modules/.bin/secretlint" --version) with @secretlint/secretlint-rule-preset-recommend"

# Secretlint exits 1 when it finds something; that is the expected case here.
files=$(cd "$planted" && find . -type f ! -name expected.tsv | sed 's|^\./||' | sort)
(cd "$planted" && "$tmp/node_modules/.bin/secretlint" --secretlintrc "$tmp/.secretlintrc.json" \
  --format json $files > "$tmp/secretlint.json") || true
node -e '
  const root = process.argv[2] + "/";
  for (const f of require(process.argv[1]))
    for (const m of f.messages)
      console.log([f.filePath.replace(root, ""), m.loc.start.line, m.loc.end.line, m.ruleId].join("\t"));
' "$tmp/secretlint.json" "$planted" > "$tmp/findings.tsv"

(cd "$here" && mvn -B -q -o test-compile -pl extractors >/dev/null 2>&1) || { echo "build failed: run mvn -B -o test-compile -pl extractors" >&2; exit 1; }
java -cp "$here/extractors/target/classes:$here/extractors/target/test-classes" \
  dev.repotune.extractors.secrets.SecretlintCompare "$planted" "$tmp/findings.tsv"
