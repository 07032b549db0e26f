#!/usr/bin/env bash
# Retrieval and eval figures (issue 19): generates a corpus repository's dataset with --retrieval (the
# BM25 baseline lands in the manifest), then runs `repotune eval` against two in-process-free fake
# endpoints (bench/dataset_chat_server.py): one answering every held-out question with its own reference,
# one with another question's; prints the BM25 figures, both evals' per-kind tables, and the comparison.
# Usage: bench/eval-figures.sh [NAME] [--max-questions N]   default: jsoup, 600 questions
# Env: EVAL_WORK (default /tmp/repotune-eval-figures); EXEC=1 generates with --exec too (MUTANTS mutants,
#   default 40), so rl/ test rows are asked and scored by running the repository's tests.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
name="${1:-jsoup}"; shift || true
max="${2:-600}"
src="$HOME/.cache/repotune-corpus/$name.git"
[ -d "$src" ] || { echo "$name: no $src (run ../shared/corpus/make-corpus.sh)"; exit 1; }
work="${EVAL_WORK:-/tmp/repotune-eval-figures}/$name"
rm -rf "$work"; mkdir -p "$work"
"$here/repotune" --help >/dev/null 2>&1 || true
REPOTUNE_CACHE="$work/cache" "$here/repotune" generate "file://$src" --out "$work/ds" --retrieval \
  --holdout-commits 30 ${EXEC:+--exec --max-mutants ${MUTANTS:-40}} >"$work/generate.log" 2>&1 || { echo "generate failed (see $work/generate.log)"; exit 1; }
grep -E '^  (triplets|bm25|raft)' "$work/generate.log"
python3 -c "import json;print('manifest retrieval.bm25:', json.load(open('$work/ds/manifest.json'))['retrieval']['bm25'])"
python3 "$here/bench/dataset_chat_server.py" 18431 "$work/ds" right & right=$!
python3 "$here/bench/dataset_chat_server.py" 18432 "$work/ds" wrong & wrong=$!
trap 'kill $right $wrong 2>/dev/null' EXIT
sleep 1
REPOTUNE_CACHE="$work/cache" OPENAI_API_KEY=none "$here/repotune" eval "$work/ds" --base-url http://127.0.0.1:18431/v1 \
  --model fake-right --against http://127.0.0.1:18432/v1 --model2 fake-wrong --max-questions "$max" \
  --out "$work/eval" 2>&1 | tail -30
ls -la "$work/eval"
