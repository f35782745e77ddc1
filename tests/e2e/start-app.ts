/**
 * Playwright's webServer for the app (see playwright.config.ts): a production server on a fresh,
 * empty PostgreSQL database of its own, so every e2e run starts from the same migrated + seeded
 * state and never touches a developer's data.
 *
 *   TEST_DATABASE_URL  superuser login on the cluster (CREATE DATABASE); default below
 *
 * The app logs in as the test login role (tests/support/production-server.ts), the superuser's URL
 * of the new database is its DATABASE_OWNER_URL.
 *
 * The database is chorus_e2e_<epoch ms>. A detached watchdog (this file again, with
 * --drop-when-orphaned) drops it once this process is gone, however it ended: the server's own
 * SIGTERM handler exits the process, and Playwright SIGKILLs the process group if that hangs.
 * Anything still left (a machine reboot) is dropped by a later run once older than STALE_AFTER_MS
 * (never younger: another run may be using it).
 */
import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";

const ADMIN_URL = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const PREFIX = "chorus_e2e_";
const STALE_AFTER_MS = 12 * 60 * 60 * 1000;

function urlFor(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `e2e tests need PostgreSQL at ${new URL(ADMIN_URL).host} (TEST_DATABASE_URL), but connecting failed: ` +
        `${(error as Error).message}. Start PostgreSQL: see .ci/run.`,
      { cause: error },
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The names are generated here (prefix + digits), so quoting is belt and braces. */
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function dropStaleDatabases(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname ~ '^chorus_e2e_[0-9]+$'`,
  );
  const cutoff = Date.now() - STALE_AFTER_MS;
  for (const { datname } of rows) {
    if (Number(datname.slice(PREFIX.length)) < cutoff) {
      await client.query(`DROP DATABASE IF EXISTS ${ident(datname)} WITH (FORCE)`);
    }
  }
}

async function dropDatabase(name: string): Promise<void> {
  await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`));
}

if (process.argv[2] === "--drop-when-orphaned") {
  const parent = Number(process.argv[3]);
  const name = process.argv[4] ?? "";
  if (!/^chorus_e2e_[0-9]+$/.test(name)) throw new Error(`refusing to drop ${name}`);
  const alive = () => {
    try {
      process.kill(parent, 0);
      return true;
    } catch {
      return false;
    }
  };
  while (alive()) await sleep(250);
  await dropDatabase(name);
  process.exit(0);
}

// Named by playwright.config.ts (so the workers know it); a fresh name when started by hand.
const database = process.env.CHORUS_E2E_DATABASE ?? `${PREFIX}${Date.now()}`;
if (!/^chorus_e2e_[0-9]+$/.test(database)) throw new Error(`refusing to use database ${database}`);
await withAdmin(async (client) => {
  await dropStaleDatabases(client);
  await client.query(`CREATE DATABASE ${ident(database)}`);
});
// Same node + tsx loader flags as this process; own process group so Playwright's kill misses it.
spawn(
  process.execPath,
  [
    ...process.execArgv,
    fileURLToPath(import.meta.url),
    "--drop-when-orphaned",
    String(process.pid),
    database,
  ],
  {
    detached: true,
    stdio: "ignore",
  },
).unref();

// Set before the server's modules load: the env is parsed once, on first use. Production's
// configuration: migrations as the owner (the superuser's URL of this database), the app through a
// login that only belongs to the app role (production refuses to serve as the owner or a superuser).
const { productionDatabaseEnv } = await import("~/tests/support/production-server.ts");
Object.assign(process.env, await productionDatabaseEnv(urlFor(database)));
process.env.RESEND_API_KEY = "re_test";
process.env.RESEND_BASE_URL = "http://127.0.0.1:4010";
// Billing on, against a local fake Stripe in this process (tests/e2e/billing.spec.ts); `npm start`
// without STRIPE_SECRET_KEY keeps billing off.
const { E2E_STRIPE, startFakeStripe } = await import("~/tests/fakes/stripe.ts");
const fakeStripe = await startFakeStripe({ port: E2E_STRIPE.port });
Object.assign(process.env, {
  STRIPE_SECRET_KEY: E2E_STRIPE.secretKey,
  STRIPE_WEBHOOK_SECRET: E2E_STRIPE.webhookSecret,
  STRIPE_PRICE_TEAM: E2E_STRIPE.priceTeam,
  STRIPE_PRICE_BUSINESS: E2E_STRIPE.priceBusiness,
  STRIPE_API_BASE: fakeStripe.url,
  STRIPE_SUPPRESS_NOTICES: "true",
});
// Single sign-on (tests/e2e/sso.spec.ts): client secrets need the secrets keyring; domains are
// verified against the spec's own DNS responder (tests/fakes/dns.ts on UDP port 4053), and the spec's
// OpenID provider (tests/fakes/oidc-provider.ts) serves http on loopback.
process.env.SECRETS_KEY ??= "ZTJlLXNlY3JldHMta2V5LTMyLWJ5dGVzLWxvbmchISE=";
process.env.SSO_DNS_SERVERS = "127.0.0.1:4053";
process.env.SSO_ALLOW_HTTP_LOOPBACK = "true";
// Teams channels (tests/e2e/chat-admin.spec.ts): webhook URLs are sealed with the same keyring, and
// the spec's Workflows receiver (tests/fakes/teams-webhook.ts on port 4020) is http on loopback.
process.env.TEAMS_WEBHOOK_ALLOW_HTTP_LOOPBACK = "true";
// Every spec signs the demo people in afresh, all from 127.0.0.1: the production limits (5 links per
// address, 30 per IP in 15 minutes) would refuse the suite's later sign-ins.
process.env.SIGN_IN_LIMIT_PER_EMAIL = "1000";
process.env.SIGN_IN_LIMIT_PER_IP = "1000";
// In-process jobs: the e2e run must not share queues with integration tests or a dev worker.
delete process.env.REDIS_URL;
delete process.env.PGLITE_DIR;

console.log(`[e2e] database ${database}`);
try {
  const { startApp } = await import("~/scripts/start-server.ts");
  await startApp();
} catch (error) {
  console.error("[e2e] the app failed to start:", error);
  process.exit(1);
}
