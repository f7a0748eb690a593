// The DuckDB peer of `ssla report` for bench/compare.sh: the first-response-
// per-brand query an analyst would write on a twcs export (calendar time,
// direct replies only, p50/p90 and the share over one hour).
//   node bench/duckdb_first_response.mjs FILE.csv
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
const sql = `
WITH raw AS (
  SELECT * FROM read_csv('${file.replace(/'/g, "''")}', header = true, all_varchar = true,
                         quote = '"', escape = '"', strict_mode = false)
), tweets AS (
  SELECT tweet_id,
         author_id,
         lower(inbound) IN ('true', '1', 'yes') AS inbound,
         strptime(created_at, '%a %b %d %H:%M:%S %z %Y') AS ts,
         regexp_replace(in_response_to_tweet_id, '\\.0$', '') AS parent
  FROM raw
), first_reply AS (
  SELECT r.author_id AS brand, q.tweet_id, min(epoch(r.ts) - epoch(q.ts)) AS seconds
  FROM tweets q JOIN tweets r ON r.parent = q.tweet_id
  WHERE q.inbound AND NOT r.inbound
  GROUP BY 1, 2
)
SELECT brand, count(*) AS answered,
       quantile_disc(seconds, 0.5) AS p50, quantile_disc(seconds, 0.9) AS p90,
       avg(CASE WHEN seconds > 3600 THEN 1.0 ELSE 0.0 END) AS share_over_1h
FROM first_reply GROUP BY brand ORDER BY brand`;

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const reader = await connection.runAndReadAll(sql);
for (const row of reader.getRows()) console.log(row.join('\t'));
