#!/usr/bin/env bash
# Scores one completion of one rl/ task (docs/rl-tasks.md): the completion's code replaces the task's
# method at its commit, the file is compiled alone against the built repository and the task's tests run.
# Prints {"reward": 1.0|0.0, "verdict": ..., "tests": N, "why": ...}.
# Usage: bench/rl-score.sh RL_JSONL ROW GIT_DIR [COMPLETION_FILE|-]
#   ROW: the row's index in the file (0-based) or its id; COMPLETION_FILE: the model's answer (default: the
#   row's own reference method, which must score 1.0).
# Env: RL_WORK (default /tmp/repotune-rl-score): where the repository is built once per commit.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
jar="$here/pipeline/target/repotune.jar"
"$here/repotune" --help >/dev/null 2>&1 || true   # builds the jar if sources changed
rl="$1"; row="$2"; git="$3"; completion="${4:-}"
work="${RL_WORK:-/tmp/repotune-rl-score}"
mkdir -p "$work"
if [ -z "$completion" ]; then
  completion="$work/reference.txt"
  python3 - "$rl" "$row" >"$completion" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
for i, l in enumerate(lines):
    r = json.loads(l)
    if sys.argv[2] in (str(i), r["extra_info"]["id"]):
        print("```java\n" + r["extra_info"]["reference"] + "\n```")
        break
PY
fi
java -cp "$jar" "$here/bench/RlScore.java" "$rl" "$row" "$git" "$completion" "$work" 2>&1 | grep -v '^Note: '
