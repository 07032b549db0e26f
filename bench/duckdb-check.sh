#!/usr/bin/env bash
# Reads a repotune dataset folder with DuckDB (a reader nobody on this project wrote) and checks that the
# Parquet and JSONL shards hold the row counts and columns manifest.json states.
#   bench/duckdb-check.sh <dataset-folder>
# @duckdb/node-api is installed from npm into a cache folder (never into the repository).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
dir="${1:?usage: bench/duckdb-check.sh <dataset-folder>}"
version="1.5.6-r.1"
cache="${REPOTUNE_CACHE:-$HOME/.cache/repotune}/duckdb-node-$version"
command -v node >/dev/null || { echo "duckdb-check: node is needed (apt-get install nodejs npm)" >&2; exit 1; }
if [ ! -d "$cache/node_modules/@duckdb/node-api" ]; then
  mkdir -p "$cache"
  echo "duckdb-check: installing @duckdb/node-api@$version into $cache" >&2
  (cd "$cache" && npm init -y >/dev/null 2>&1 && npm install --no-audit --no-fund --silent "@duckdb/node-api@$version" >&2)
fi
NODE_PATH="$cache/node_modules" exec node "$here/duckdb-check.mjs" "$cache" "$dir"
