// Runs sql/report.sql with DuckDB (@duckdb/node-api) and prints one JSON
// object per group, then the total, one per line (durations in ms).
//   node duckdb_report.mjs REPORT.sql GROUP_BY EPISODES.csv,... REPORTS.csv,...
// File lists are comma-separated; each item may be a glob.
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [sqlFile, groupBy, episodes, reports] = process.argv.slice(2);
if (!reports) {
  console.error('usage: node duckdb_report.mjs REPORT.sql GROUP_BY EPISODES,... REPORTS,...');
  process.exit(2);
}
const quote = (s) => `'${s.replace(/'/g, "''")}'`;
const list = (s) => `[${s.split(',').map(quote).join(', ')}]`;
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run(`SET VARIABLE group_by = ${quote(groupBy)}`);
await connection.run(`SET VARIABLE episodes = ${list(episodes)}`);
await connection.run(`SET VARIABLE reports = ${list(reports)}`);
const reader = await connection.runAndReadAll(readFileSync(sqlFile, 'utf8'));
for (const row of reader.getRowObjectsJson()) console.log(JSON.stringify(row));
