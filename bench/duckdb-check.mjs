// Checks a repotune dataset folder with DuckDB: per split, Parquet and JSONL row counts equal the
// manifest's counts, and both formats show the same top-level columns (messages+meta / text+meta) with
// the same meta fields. Prints one line per check and exits 1 on any mismatch.
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [cache, dir] = process.argv.slice(2);
const require = createRequire(join(cache, 'package.json'));
const { DuckDBInstance } = require('@duckdb/node-api');

const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
let failures = 0;

async function rows(sql) {
  const reader = await con.runAndReadAll(sql);
  return reader.getRowObjects();
}

function check(ok, line) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${line}`);
  if (!ok) failures++;
}

function files(folder, split, ext) {
  const d = join(dir, folder);
  if (!existsSync(d)) return [];
  return readdirSync(d).filter(f => f.startsWith(split + '-') && f.endsWith(ext)).sort().map(f => join(d, f));
}

const sqlList = fs => '[' + fs.map(f => `'${f.replaceAll("'", "''")}'`).join(', ') + ']';

async function columns(sql) {
  const cols = await rows(`DESCRIBE SELECT * FROM ${sql}`);
  return cols.map(c => `${c.column_name}: ${c.column_type}`);
}

const expectMeta = {
  sft: ['id', 'repo', 'commit', 'path', 'symbol', 'lines', 'task', 'teacher', 'prompt_version', 'chunk_id', 'split'],
  cpt: ['id', 'repo', 'commit', 'path', 'language', 'tokens'],
};

for (const [kind, split] of [['sft', 'train'], ['sft', 'test'], ['cpt', 'train']]) {
  const expected = Number(manifest.counts?.[kind]?.[split]?.total ?? 0);
  const pq = files(kind, split, '.parquet');
  const js = files(kind, split, '.jsonl');
  if (pq.length === 0 && js.length === 0) {
    check(expected === 0, `${kind}/${split}: no shards, manifest counts ${expected}`);
    continue;
  }
  const pqSql = `read_parquet(${sqlList(pq)})`;
  const jsSql = `read_json(${sqlList(js)}, format='newline_delimited')`;
  const [{ n: pqRows }] = await rows(`SELECT count(*)::BIGINT AS n FROM ${pqSql}`);
  const [{ n: jsRows }] = await rows(`SELECT count(*)::BIGINT AS n FROM ${jsSql}`);
  check(Number(pqRows) === expected, `${kind}/${split}: parquet ${pqRows} rows, manifest ${expected}`);
  check(Number(jsRows) === expected, `${kind}/${split}: jsonl ${jsRows} rows, manifest ${expected}`);
  const pqCols = await columns(pqSql);
  const jsCols = await columns(jsSql);
  const top = kind === 'sft' ? ['messages', 'meta'] : ['text', 'meta'];
  check(JSON.stringify(pqCols.map(c => c.split(':')[0])) === JSON.stringify(top), `${kind}/${split}: parquet columns ${pqCols.join('; ')}`);
  check(JSON.stringify(jsCols.map(c => c.split(':')[0])) === JSON.stringify(top), `${kind}/${split}: jsonl columns ${jsCols.join('; ')}`);
  for (const [name, sql] of [['parquet', pqSql], ['jsonl', jsSql]]) {
    const keys = (await rows(`SELECT unnest(struct_keys(ANY_VALUE(meta)))::VARCHAR AS k FROM ${sql}`)).map(r => r.k);
    check(JSON.stringify(keys) === JSON.stringify(expectMeta[kind]), `${kind}/${split}: ${name} meta fields ${keys.join(',')}`);
  }
  // Row for row: the same ids in the same order in both formats.
  const [{ d }] = await rows(
    `SELECT count(*)::BIGINT AS d FROM (SELECT meta.id AS id, row_number() OVER () AS i FROM ${pqSql}) p
     FULL JOIN (SELECT meta.id AS id, row_number() OVER () AS i FROM ${jsSql}) j USING (i) WHERE p.id IS DISTINCT FROM j.id`);
  check(Number(d) === 0, `${kind}/${split}: parquet and jsonl ids differ in ${d} positions`);
}
for (const split of ['train', 'test']) {
  const f = join(dir, 'openai', `${split}.jsonl`);
  if (!existsSync(f)) continue;
  const expected = Number(manifest.counts?.sft?.[split]?.total ?? 0);
  const [{ n, bad }] = await rows(
    `SELECT count(*)::BIGINT AS n,
            count(*) FILTER (WHERE len(list_filter(messages, m -> m.role NOT IN ('system','user','assistant') OR m.content = '')) > 0)::BIGINT AS bad
     FROM read_json('${f}', format='newline_delimited')`);
  check(Number(n) === expected && Number(bad) === 0, `openai/${split}.jsonl: ${n} conversations (manifest ${expected}), ${bad} with a bad role or empty content`);
}
console.log(failures === 0 ? 'duckdb-check: all checks passed' : `duckdb-check: ${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
