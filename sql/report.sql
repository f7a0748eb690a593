-- The groups and the total of `ssla report` from the episode records of
-- many `ssla episodes --format csv` jobs, one per partition of the exports
-- (docs/scale-out.md). DuckDB dialect; the Spark SQL differences are noted
-- where they occur.
--
-- Inputs, as DuckDB variables (SET VARIABLE name = value before running):
--   episodes  list or glob of the partitions' `ssla episodes --format csv` files
--   reports   list or glob of the partitions' `ssla report --format csv` files,
--             run with the same --by keys: they give the exempt messages
--             (which are not episodes) and the goals (which are in the
--             policy, not in the records)
--   group_by  the --by keys, comma-separated: one or two of channel,
--             account, kind
-- Every partition job must run with the same policy, window (--from/--to/
-- --month) and --as-of: the status of an unanswered episode and its
-- business_seconds depend on as_of.
--
-- Result: one row per group in the report's order, then the total (is_total
-- true, keys null). Durations are in milliseconds (exact integers), means in
-- seconds as ssla prints them.
--
-- Spark SQL: variables are `${var}` substitutions (or a DataFrame read) and
-- files are read with spark.read.csv(..., header=True); `getvariable()`,
-- `str_split(...)[n]` (1-based) become `split(...)[n-1]` (0-based);
-- `#1`, `#2` (columns by position) become the key columns' names; BIGINT
-- and DECIMAL(38,6) are the same; `IS NOT DISTINCT FROM` is `<=>`; `//` is
-- `div`; `max(x) FILTER (WHERE c)` is `max(CASE WHEN c THEN x END)`.
WITH
keys AS (
  SELECT str_split(getvariable('group_by'), ',') AS k,
         len(str_split(getvariable('group_by'), ',')) AS n,
         list_contains(str_split(getvariable('group_by'), ','), 'channel') AS has_channel
),
raw AS (
  SELECT * FROM read_csv(getvariable('episodes'), header = true, all_varchar = true,
                         quote = '"', escape = '"')
),
-- One row per episode: its group keys (null when not among --by), status and
-- durations in integer milliseconds (the records print seconds with up to
-- three decimals, read exactly as decimals).
episodes AS (
  SELECT
    CASE keys.k[1] WHEN 'channel' THEN raw.channel WHEN 'account' THEN coalesce(raw.account, '')
                   WHEN 'kind' THEN raw.kind END AS k1,
    CASE keys.k[2] WHEN 'channel' THEN raw.channel WHEN 'account' THEN coalesce(raw.account, '')
                   WHEN 'kind' THEN raw.kind END AS k2,
    raw.status,
    CAST(CAST(raw.business_seconds AS DECIMAL(18, 3)) * 1000 AS BIGINT) AS business_ms,
    CAST(CAST(raw.calendar_seconds AS DECIMAL(18, 3)) * 1000 AS BIGINT) AS calendar_ms
  FROM raw, keys
),
-- Each episode once in its group and once in the total.
scoped AS (
  SELECT false AS is_total, k1, k2, status, business_ms, calendar_ms FROM episodes
  UNION ALL
  SELECT true, NULL, NULL, status, business_ms, calendar_ms FROM episodes
),
counts AS (
  SELECT is_total, k1, k2,
         count(*) AS episodes,
         count(*) FILTER (WHERE status = 'met') AS met,
         count(*) FILTER (WHERE status = 'breached_late') AS breached_late,
         count(*) FILTER (WHERE status = 'breached_unanswered') AS breached_unanswered,
         count(*) FILTER (WHERE status = 'pending') AS pending,
         count(*) FILTER (WHERE status = 'unconfigured') AS unconfigured
  FROM scoped GROUP BY is_total, k1, k2
),
-- Response times of the answered episodes, ranked within their group:
-- nearest rank, pN of n sorted values at rank ceil(N * n / 100), in integers.
answered AS (
  SELECT is_total, k1, k2, business_ms, calendar_ms,
         row_number() OVER (PARTITION BY is_total, k1, k2 ORDER BY business_ms) AS b_rank,
         row_number() OVER (PARTITION BY is_total, k1, k2 ORDER BY calendar_ms) AS c_rank,
         count(*) OVER (PARTITION BY is_total, k1, k2) AS n
  FROM scoped WHERE status IN ('met', 'breached_late')
),
stats AS (
  SELECT is_total, k1, k2,
         max(business_ms) FILTER (WHERE b_rank = (n * 50 + 99) // 100) AS business_p50,
         max(business_ms) FILTER (WHERE b_rank = (n * 90 + 99) // 100) AS business_p90,
         max(business_ms) FILTER (WHERE b_rank = (n * 95 + 99) // 100) AS business_p95,
         max(business_ms) AS business_max,
         -- the exact sum over the count, rounded once to a double, then seconds
         CAST(sum(business_ms) AS DOUBLE) / count(*) / 1000.0 AS business_mean,
         max(calendar_ms) FILTER (WHERE c_rank = (n * 50 + 99) // 100) AS calendar_p50,
         max(calendar_ms) FILTER (WHERE c_rank = (n * 90 + 99) // 100) AS calendar_p90,
         max(calendar_ms) FILTER (WHERE c_rank = (n * 95 + 99) // 100) AS calendar_p95,
         max(calendar_ms) AS calendar_max,
         CAST(sum(calendar_ms) AS DOUBLE) / count(*) / 1000.0 AS calendar_mean
  FROM answered GROUP BY is_total, k1, k2
),
-- Exempt messages per group, summed over the partitions' reports; the goal
-- of a group is the same in every partition (one policy).
partition_groups AS (
  SELECT
    CAST(#1 AS VARCHAR) AS k1,
    CASE WHEN keys.n > 1 THEN CAST(#2 AS VARCHAR) END AS k2,
    CAST(exempt_messages AS BIGINT) AS exempt_messages,
    goal
  FROM read_csv(getvariable('reports'), header = true, all_varchar = true,
                quote = '"', escape = '"'), keys
),
exempt AS (
  SELECT false AS is_total,
         CASE WHEN keys.k[1] = 'account' THEN coalesce(k1, '') ELSE k1 END AS k1,
         CASE WHEN keys.k[2] = 'account' THEN coalesce(k2, '') ELSE k2 END AS k2,
         sum(exempt_messages) AS exempt_messages, any_value(goal) AS goal
  FROM partition_groups, keys GROUP BY ALL
  UNION ALL
  SELECT true, NULL, NULL, sum(exempt_messages), NULL FROM partition_groups
),
-- Groups with an episode or an exempt message (the total always).
grouped AS (
  SELECT coalesce(c.is_total, x.is_total) AS is_total,
         CASE WHEN c.is_total IS NULL THEN x.k1 ELSE c.k1 END AS k1,
         CASE WHEN c.is_total IS NULL THEN x.k2 ELSE c.k2 END AS k2,
         coalesce(c.episodes, 0) AS episodes,
         coalesce(c.met, 0) AS met,
         coalesce(c.breached_late, 0) AS breached_late,
         coalesce(c.breached_unanswered, 0) AS breached_unanswered,
         coalesce(c.pending, 0) AS pending,
         coalesce(c.unconfigured, 0) AS unconfigured,
         coalesce(x.exempt_messages, 0) AS exempt_messages,
         x.goal
  FROM counts c FULL OUTER JOIN exempt x
    ON c.is_total = x.is_total AND c.k1 IS NOT DISTINCT FROM x.k1
       AND c.k2 IS NOT DISTINCT FROM x.k2
)
SELECT g.is_total, g.k1, g.k2,
       g.episodes,
       g.met + g.breached_late + g.breached_unanswered AS measured,
       g.met, g.breached_late, g.breached_unanswered, g.pending, g.unconfigured,
       g.exempt_messages,
       CASE WHEN g.met + g.breached_late + g.breached_unanswered > 0
            THEN CAST(g.met AS DOUBLE) / (g.met + g.breached_late + g.breached_unanswered) END
         AS attainment,
       -- goal and status only when channel is among the keys (never on the total)
       CASE WHEN keys.has_channel AND NOT g.is_total THEN g.goal END AS goal,
       CASE WHEN NOT keys.has_channel OR g.is_total OR g.goal IS NULL THEN NULL
            WHEN g.met + g.breached_late + g.breached_unanswered = 0 THEN 'pass'
            -- attainment >= goal, compared exactly as decimals
            WHEN CAST(g.met AS DECIMAL(38, 6)) >=
                 CAST(g.goal AS DECIMAL(18, 6)) * (g.met + g.breached_late + g.breached_unanswered)
            THEN 'pass' ELSE 'fail' END AS status,
       s.business_p50, s.business_p90, s.business_p95, s.business_max, s.business_mean,
       s.calendar_p50, s.calendar_p90, s.calendar_p95, s.calendar_max, s.calendar_mean
FROM grouped g
CROSS JOIN keys
LEFT JOIN stats s
  ON s.is_total = g.is_total AND s.k1 IS NOT DISTINCT FROM g.k1 AND s.k2 IS NOT DISTINCT FROM g.k2
-- the report's order: by key values in --by order, byte order
ORDER BY g.is_total, g.k1 COLLATE "binary", g.k2 COLLATE "binary";
