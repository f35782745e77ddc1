/**
 * Click retention of one month of 5 million clicks: by dropping the month's partition (what the
 * purge-clicks job does for a month every tenant is done with, 0027) against by deleting its rows
 * per tenant in batches (what it did before, and still does for what is left before each boundary).
 *
 * One tenant (the row path deletes per tenant anyway), 200 members, 1,500 shares, the clicks in one
 * UTC month that ended more than the default retention (90 days) ago. The month is generated once
 * into a staging table (set-based, like bench/reach.ts); every repetition loads it into a fresh
 * partition of the month, ANALYZEs it, and times one purge:
 *  - drop: purgeOldClicks(db) for every tenant: boundaries, drop_expired_click_partition, the rest;
 *  - rows: purgeOldClicks(db, { tenantId }): a tenant's run never drops a partition, so every row
 *    of the month goes by DELETE in batches of 50,000.
 * Both as the app role, through the same module the job calls. Medians of the repetitions.
 */
import { performance } from "node:perf_hooks";
import {
  createBenchDatabase,
  dropBenchDatabase,
  loadAverage,
  machineDescription,
  median,
} from "~/bench/support.ts";

const CLICKS = Number(process.env.BENCH_RETENTION_CLICKS) || 5_000_000;
const REPETITIONS = Number(process.env.BENCH_REPETITIONS) || 3;
const MEMBERS = 200;
const SHARES = 1_500;
const DB_NAME = process.env.BENCH_RETENTION_DB || "chorus_bench_retention";

export interface RetentionFigures {
  clicks: number;
  drop_s: number;
  delete_s: number;
  /** delete_s / drop_s */
  ratio: number;
}

interface RetentionDetails {
  month: string;
  generate_s: number;
  load_runs_s: number[];
  drop_runs_s: number[];
  delete_runs_s: number[];
  load: [number, number];
}

const seconds = (ms: number) => Math.round(ms) / 1000;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export async function runRetentionBenchmark(): Promise<{ json: RetentionFigures; markdown: string }> {
  const loadBefore = loadAverage();
  await dropBenchDatabase(DB_NAME);
  const url = await createBenchDatabase(DB_NAME);
  const { default: pg } = await import("pg");
  const owner = new pg.Client({ connectionString: url });
  await owner.connect();
  const q = async (text: string, values: unknown[] = []) =>
    (await owner.query(text, values)).rows as Record<string, string>[];
  const { openDatabase } = await import("~/db/client.ts");
  const { purgeOldClicks } = await import("~/app/modules/reach/retention.server.ts");
  const handle = await openDatabase({ url });
  try {
    // the month: the last one that ended more than 100 days ago (past the default retention of 90)
    const [m] = await q(
      `SELECT to_char(date_trunc('month', now() AT TIME ZONE 'UTC' - interval '100 days') - interval '1 month', 'YYYY-MM-DD') AS first`,
    );
    const month = m!.first!;
    const generateMs = await timed(async () => {
      const [tenant] = await q(
        `INSERT INTO tenants (slug, name, time_zone) VALUES ('bench-retention', 'Retention Bench AG', 'Europe/Berlin') RETURNING id`,
      );
      const t = tenant!.id!;
      await q(
        `INSERT INTO users (email, name) SELECT 'r' || i || '@bench.example', 'Member ' || i FROM generate_series(1, ${MEMBERS}) i`,
      );
      await q(
        `INSERT INTO memberships (tenant_id, user_id, roles) SELECT $1, id, '{employee}' FROM users WHERE email LIKE 'r%@bench.example'`,
        [t],
      );
      await q(
        `INSERT INTO posts (tenant_id, slug, kind, title, url, status) SELECT $1, 'post-' || i, 'link', 'Post ' || i, 'https://www.example.com/' || i, 'published' FROM generate_series(1, 30) i`,
        [t],
      );
      await q(
        `INSERT INTO shares (tenant_id, post_id, membership_id, network, text, channel, created_at)
         SELECT $1, (SELECT id FROM posts WHERE tenant_id = $1 ORDER BY id OFFSET g % 30 LIMIT 1),
                (SELECT id FROM memberships WHERE tenant_id = $1 ORDER BY id OFFSET g % ${MEMBERS} LIMIT 1),
                'linkedin', 'Bench share', 'intent', $2::date + (g % 28) * interval '1 day'
         FROM generate_series(1, ${SHARES}) g`,
        [t, month],
      );
      await q(
        `CREATE TABLE bench_shares AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM shares WHERE tenant_id = $1`,
        [t],
      );
      // the month's clicks, once: every repetition copies them into a fresh partition
      await q(`CREATE TABLE bench_month (LIKE click_events INCLUDING DEFAULTS)`);
      for (let from = 1; from <= CLICKS; from += 1_000_000) {
        const to = Math.min(CLICKS, from + 999_999);
        await q(
          `INSERT INTO bench_month (id, tenant_id, share_id, event_key, clicked_at, visitor_hash, is_bot)
           SELECT gen_random_uuid(), $1, s.id, 'bench-' || g,
                  $2::date::timestamp AT TIME ZONE 'UTC' + random() * (($2::date + interval '1 month') - $2::date),
                  md5((random() * 1500000)::int::text), false
           FROM (SELECT g, 1 + floor(power(random(), 2) * ${SHARES})::int AS n FROM generate_series(${from}, ${to}) g) pick
           JOIN bench_shares s ON s.n = pick.n`,
          [t, month],
        );
        process.stdout.write(`  ${to.toLocaleString("en")} clicks generated\n`);
      }
      return t;
    });
    const [tenantRow] = await q(`SELECT id FROM tenants WHERE slug = 'bench-retention'`);
    const tenantId = tenantRow!.id!;

    const part = `click_events_${month.slice(0, 7).replace("-", "_")}`;
    const lo = `${month} 00:00:00+00`;
    const [next] = await q(`SELECT to_char($1::date + interval '1 month', 'YYYY-MM-DD') AS d`, [month]);
    const hi = `${next!.d} 00:00:00+00`;
    // Built beside the table and attached (bulk index builds, a CHECK so ATTACH need not scan):
    // an INSERT into the live partition maintains four indexes row by row and takes far longer.
    const load = async () => {
      await q(`DROP TABLE IF EXISTS ${part}`);
      await q(`CREATE TABLE ${part} (LIKE click_events INCLUDING DEFAULTS)`);
      await q(`INSERT INTO ${part} SELECT * FROM bench_month`);
      await q(`SET maintenance_work_mem = '256MB'`);
      await q(
        `ALTER TABLE ${part} ADD PRIMARY KEY (tenant_id, id, clicked_at), ADD UNIQUE (tenant_id, event_key, clicked_at),
           ADD CONSTRAINT month_range CHECK (clicked_at >= '${lo}' AND clicked_at < '${hi}')`,
      );
      await q(`CREATE INDEX ON ${part} (tenant_id, share_id, clicked_at)`);
      await q(`CREATE INDEX ON ${part} (tenant_id, clicked_at)`);
      await q(`ALTER TABLE click_events ATTACH PARTITION ${part} FOR VALUES FROM ('${lo}') TO ('${hi}')`);
      await q(`ALTER TABLE ${part} DROP CONSTRAINT month_range`);
      await q(`SELECT click_partition_secure($1)`, [part]);
      await q(`ANALYZE ${part}`);
      await q(`UPDATE reach_settings SET clicks_purged_before = NULL WHERE tenant_id = $1`, [tenantId]);
    };
    const count = async () => Number((await q(`SELECT count(*) AS n FROM click_events`))[0]!.n);
    const loadRuns: number[] = [];
    const dropRuns: number[] = [];
    const deleteRuns: number[] = [];
    for (let i = 0; i < REPETITIONS; i++) {
      loadRuns.push(await timed(load));
      if ((await count()) !== CLICKS) throw new Error("the month was not loaded");
      let dropped: Awaited<ReturnType<typeof purgeOldClicks>> | undefined;
      dropRuns.push(await timed(async () => (dropped = await purgeOldClicks(handle.db))));
      if (!dropped?.months?.some((o) => o.outcome === "dropped") || (await count()) !== 0)
        throw new Error(`the month's partition was not dropped: ${JSON.stringify(dropped)}`);

      loadRuns.push(await timed(load));
      let deleted = 0;
      deleteRuns.push(
        await timed(async () => (deleted = (await purgeOldClicks(handle.db, { tenantId })).deleted)),
      );
      if (deleted !== CLICKS || (await count()) !== 0)
        throw new Error(`the row path deleted ${deleted} of ${CLICKS} clicks`);
      console.log(
        `  repetition ${i + 1}: drop ${seconds(dropRuns.at(-1)!)} s, row deletes ${seconds(deleteRuns.at(-1)!)} s (loads ${loadRuns
          .slice(-2)
          .map((ms) => seconds(ms))
          .join(", ")} s)`,
      );
    }
    const json: RetentionFigures = {
      clicks: CLICKS,
      drop_s: seconds(median(dropRuns)),
      delete_s: seconds(median(deleteRuns)),
      ratio: Math.round(median(deleteRuns) / median(dropRuns)),
    };
    const details: RetentionDetails = {
      month: month.slice(0, 7),
      generate_s: seconds(generateMs),
      load_runs_s: loadRuns.map(seconds),
      drop_runs_s: dropRuns.map(seconds),
      delete_runs_s: deleteRuns.map(seconds),
      load: [loadBefore, loadAverage()],
    };
    return { json, markdown: markdown(json, details) };
  } finally {
    await handle.close();
    await owner.end();
    await dropBenchDatabase(DB_NAME);
  }
}

function markdown(f: RetentionFigures, d: RetentionDetails): string {
  return [
    "## retention",
    "",
    `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machineDescription()}, PostgreSQL on the same machine. ` +
      `1-minute load average ${d.load[0]} before, ${d.load[1]} after (the machine is shared).`,
    "",
    `Method: \`npm run bench -- retention\`. A fresh migrated database, one tenant (${MEMBERS} members, ${SHARES.toLocaleString("en")} shares), ` +
      `${f.clicks.toLocaleString("en")} clicks in one UTC month (${d.month}, past the default 90-day retention), generated set-based once in ${d.generate_s} s ` +
      `and loaded into a fresh partition of the month before every run (then ANALYZE). ` +
      `drop: purgeOldClicks for every tenant (boundaries moved, drop_expired_click_partition drops the month); ` +
      `rows: purgeOldClicks for the tenant (never drops a partition: DELETE in batches of 50,000, one transaction each), ` +
      `${d.drop_runs_s.length} repetitions each, alternating, medians.`,
    "",
    "| figure | value |",
    "| --- | --- |",
    `| clicks | ${f.clicks} |`,
    `| drop_s (partition drop) | ${f.drop_s} |`,
    `| delete_s (row deletes, baseline) | ${f.delete_s} |`,
    `| ratio (delete_s / drop_s) | ${f.ratio}× |`,
    "",
    `All runs — drop s: ${d.drop_runs_s.join(", ")}; row deletes s: ${d.delete_runs_s.join(", ")}; loads s: ${d.load_runs_s.join(", ")}.`,
  ].join("\n");
}
