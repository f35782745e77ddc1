import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { database } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { jobs } from "~/jobs/registry.ts";
import { authenticateApiToken, createApiToken } from "~/app/modules/api/api-tokens.server.ts";
import { chorus, type CliRun } from "~/tests/support/cli.ts";
import { createTenant, uniqueId } from "~/tests/support/factories.ts";

/**
 * The CLI as operators and deploy scripts use it: a separate process, its exit code and its output.
 * The child inherits this file's environment, so DATABASE_URL points it at this file's own database
 * (tests/support/integration-setup.ts).
 */

// Each run starts tsx and (for PGlite) a WASM Postgres; the machine may be busy with other files.
const CLI_TIMEOUT = 90_000;

/** The one JSON document a --json run prints on stdout. */
function parseJson(run: CliRun): unknown {
  expect(run.stdout.trim().split("\n"), `stdout: ${run.stdout}\nstderr: ${run.stderr}`).toHaveLength(1);
  return JSON.parse(run.stdout);
}

async function cliTenant() {
  const slug = `cli-${uniqueId()}`;
  const email = `Admin-${uniqueId()}@Example.test`;
  const run = await chorus([
    "tenant",
    "create",
    "--name",
    "Acme GmbH",
    "--slug",
    slug,
    "--admin-email",
    email,
    "--locale",
    "en",
    "--json",
  ]);
  expect(run.code, run.stderr).toBe(0);
  return {
    slug,
    email,
    out: parseJson(run) as { tenant: { id: string; slug: string }; admin: { userId: string; email: string } },
  };
}

describe("chorus tenant", () => {
  it(
    "creates a tenant whose admin can sign in, and prints ids as JSON",
    { timeout: CLI_TIMEOUT },
    async () => {
      const { slug, email, out } = await cliTenant();
      expect(out).toEqual({
        tenant: { id: expect.any(String), slug },
        admin: { userId: expect.any(String), email: email.toLowerCase() },
      });

      const { db } = await database();
      const tenant = await db
        .selectFrom("tenants")
        .selectAll()
        .where("id", "=", out.tenant.id)
        .executeTakeFirstOrThrow();
      expect(tenant).toMatchObject({ slug, name: "Acme GmbH", default_locale: "en" });
      const membership = await withTenant(db, out.tenant.id, (tx) =>
        tx
          .selectFrom("memberships")
          .select(["roles", "status"])
          .where("user_id", "=", out.admin.userId)
          .executeTakeFirst(),
      );
      expect(membership?.roles).toContain("admin");
    },
  );

  it(
    "refuses a slug that is taken, saying so, and leaves the first tenant alone",
    { timeout: CLI_TIMEOUT },
    async () => {
      const { slug, out } = await cliTenant();
      const again = await chorus([
        "tenant",
        "create",
        "--name",
        "Other AG",
        "--slug",
        slug,
        "--admin-email",
        "other@example.test",
      ]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(`slug "${slug}" is already taken`);

      const json = await chorus([
        "tenant",
        "create",
        "--name",
        "Other AG",
        "--slug",
        slug,
        "--admin-email",
        "other@example.test",
        "--json",
      ]);
      expect(json.code).toBe(1);
      expect(parseJson(json)).toEqual({
        error: { code: "slug_taken", message: `slug "${slug}" is already taken` },
      });

      const { db } = await database();
      const rows = await db.selectFrom("tenants").select(["id", "name"]).where("slug", "=", slug).execute();
      expect(rows).toEqual([{ id: out.tenant.id, name: "Acme GmbH" }]);
    },
  );

  it("exits 2 naming every missing or invalid flag at once", { timeout: CLI_TIMEOUT }, async () => {
    const run = await chorus([
      "tenant",
      "create",
      "--slug",
      "Not A Slug",
      "--admin-email",
      "x@example.test",
      "--json",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("missing required flag --name");
    expect(run.stderr).toMatch(/invalid --slug "Not A Slug"/);
    expect(parseJson(run)).toMatchObject({ error: { code: "invalid_input" } });
  });

  it("lists tenants from the global table", { timeout: CLI_TIMEOUT }, async () => {
    const { slug, out } = await cliTenant();
    const run = await chorus(["tenant", "list", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const { tenants } = parseJson(run) as { tenants: { id: string; slug: string }[] };
    expect(tenants).toContainEqual(expect.objectContaining({ id: out.tenant.id, slug }));
  });
});

describe("chorus token", () => {
  it("issues a token the API accepts, until it is revoked", { timeout: CLI_TIMEOUT }, async () => {
    const { slug, out } = await cliTenant();
    const created = await chorus(["token", "create", "--tenant", slug, "--name", "CI export", "--json"]);
    expect(created.code, created.stderr).toBe(0);
    const { token, id, scopes } = parseJson(created) as { token: string; id: string; scopes: string[] };
    expect(token).toMatch(new RegExp(`^chorus_${slug}_[a-z2-7]{32}$`));
    // without --scope: content only, never credit statements
    expect(scopes).toEqual(["content"]);

    const { db } = await database();
    expect(await authenticateApiToken(db, token)).toEqual({
      tenantId: out.tenant.id,
      tokenId: id,
      scopes: ["content"],
    });
    expect(await authenticateApiToken(db, `Bearer ${token}`)).toEqual({
      tenantId: out.tenant.id,
      tokenId: id,
      scopes: ["content"],
    });

    // Only the hash is stored, and listing never shows it.
    const stored = await withTenant(db, out.tenant.id, (tx) =>
      tx
        .selectFrom("api_tokens")
        .select(["token_hash", "last_used_at"])
        .where("id", "=", id)
        .executeTakeFirstOrThrow(),
    );
    expect(stored.token_hash).not.toContain(token.split("_").at(-1));
    expect(stored.last_used_at).not.toBeNull();
    const listed = await chorus(["token", "list", "--tenant", slug, "--json"]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).not.toContain(stored.token_hash);
    expect(parseJson(listed)).toEqual({
      tokens: [expect.objectContaining({ id, name: "CI export", scopes: ["content"], revokedAt: null })],
    });

    const revoked = await chorus(["token", "revoke", "--tenant", slug, "--id", id]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(await authenticateApiToken(db, token)).toBeNull();
  });

  it(
    "issues a token with the scopes given by --scope, and refuses unknown or empty ones",
    { timeout: CLI_TIMEOUT },
    async () => {
      const { slug, out } = await cliTenant();
      const created = await chorus([
        "token",
        "create",
        "--tenant",
        slug,
        "--name",
        "HR",
        "--scope",
        "credit, content",
        "--json",
      ]);
      expect(created.code, created.stderr).toBe(0);
      const { token, id, scopes } = parseJson(created) as { token: string; id: string; scopes: string[] };
      expect(scopes).toEqual(["content", "credit"]);
      const { db } = await database();
      expect(await authenticateApiToken(db, token)).toEqual({
        tenantId: out.tenant.id,
        tokenId: id,
        scopes: ["content", "credit"],
      });

      const text = await chorus([
        "token",
        "create",
        "--tenant",
        slug,
        "--name",
        "HR only",
        "--scope",
        "credit",
      ]);
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toContain("scopes: credit)");

      const unknown = await chorus([
        "token",
        "create",
        "--tenant",
        slug,
        "--name",
        "x",
        "--scope",
        "content,admin",
        "--json",
      ]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain(
        'invalid --scope "content,admin": must be a comma-separated list of content, credit',
      );
      expect(parseJson(unknown)).toMatchObject({ error: { code: "invalid_input" } });
      const empty = await chorus(["token", "create", "--tenant", slug, "--name", "x", "--scope", ","]);
      expect(empty.code).toBe(2);
      expect(empty.stderr).toContain('invalid --scope ",": must name at least one of content, credit');

      const listed = parseJson(await chorus(["token", "list", "--tenant", slug, "--json"])) as {
        tokens: { name: string; scopes: string[] }[];
      };
      expect(Object.fromEntries(listed.tokens.map((t) => [t.name, t.scopes]))).toEqual({
        HR: ["content", "credit"],
        "HR only": ["credit"],
      });
    },
  );

  it(
    "issues a provisioning token with --scope scim and prints the SCIM base URL",
    { timeout: CLI_TIMEOUT },
    async () => {
      const { slug, out } = await cliTenant();
      const run = await chorus(["token", "create", "--tenant", slug, "--name", "entra", "--scope", "scim"]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain("scopes: scim)");
      expect(run.stdout).toMatch(/SCIM base URL: https?:\/\/\S+\/scim\/v2\n?$/);
      const token = run.stdout.split("\n").find((line) => line.startsWith(`chorus_${slug}_`))!;
      const { db } = await database();
      expect(await authenticateApiToken(db, token)).toMatchObject({
        tenantId: out.tenant.id,
        scopes: ["scim"],
      });
    },
  );

  it("rejects the same secret under another tenant's slug", { timeout: CLI_TIMEOUT }, async () => {
    const { slug } = await cliTenant();
    const run = await chorus(["token", "create", "--tenant", slug, "--name", "y", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const { token } = parseJson(run) as { token: string };
    const { db } = await database();
    const other = await createTenant(db);
    const secret = token.slice(`chorus_${slug}_`.length);
    expect(await authenticateApiToken(db, `chorus_${other.slug}_${secret}`)).toBeNull();
    // and an issued token of the other tenant does not open this one either
    const otherToken = await withTenant(db, other.id, (tx) =>
      createApiToken(tx, { tenantId: other.id, tenantSlug: other.slug, name: "o", createdBy: null }),
    );
    expect(
      await authenticateApiToken(db, otherToken.token.replace(`chorus_${other.slug}_`, `chorus_${slug}_`)),
    ).toBeNull();
  });

  it("exits 2 naming a missing flag, and an unknown tenant", { timeout: CLI_TIMEOUT }, async () => {
    const missing = await chorus(["token", "create", "--tenant", "acme"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing required flag --name");

    const unknown = await chorus(["token", "list", "--tenant", `nobody-${uniqueId()}`, "--json"]);
    expect(unknown.code).toBe(2);
    expect(parseJson(unknown)).toMatchObject({ error: { code: "unknown_tenant" } });
  });
});

describe("chorus token --expires-in", () => {
  it(
    "issues a token for a year by default, for the days given, or without expiry; refuses other values",
    { timeout: CLI_TIMEOUT },
    async () => {
      const { slug } = await cliTenant();
      const expiresOf = async (extra: string[]) => {
        const run = await chorus(["token", "create", "--tenant", slug, "--name", "exp", ...extra, "--json"]);
        expect(run.code, run.stderr).toBe(0);
        return (parseJson(run) as { expiresAt: string | null }).expiresAt;
      };
      const days = (iso: string | null) => Math.round((new Date(iso!).getTime() - Date.now()) / 86_400_000);
      expect(days(await expiresOf([]))).toBe(365);
      expect(days(await expiresOf(["--expires-in", "90"]))).toBe(90);
      expect(await expiresOf(["--expires-in", "never"])).toBeNull();
      const bad = await chorus(["token", "create", "--tenant", slug, "--name", "exp", "--expires-in", "7"]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("--expires-in");
      const listed = await chorus(["token", "list", "--tenant", slug]);
      expect(listed.stdout).toMatch(/EXPIRES/);
    },
  );
});

describe("authenticateApiToken", () => {
  it("refuses malformed tokens and records use at most once a minute", async () => {
    const { db } = await database();
    const tenant = await createTenant(db);
    // No expiry: the clock below is set years ahead.
    const { id, token } = await withTenant(db, tenant.id, (tx) =>
      createApiToken(tx, {
        tenantId: tenant.id,
        tenantSlug: tenant.slug,
        name: "t",
        lifetime: "never",
        createdBy: null,
      }),
    );
    for (const bad of [
      "",
      "chorus_",
      `chorus_${tenant.slug}_`,
      token.toUpperCase(),
      `${token}_x`,
      `x${token}`,
      `chorus_${tenant.slug}_${"a".repeat(500)}`,
    ]) {
      expect(await authenticateApiToken(db, bad), bad).toBeNull();
    }

    const lastUsed = () =>
      withTenant(db, tenant.id, (tx) =>
        tx.selectFrom("api_tokens").select("last_used_at").where("id", "=", id).executeTakeFirstOrThrow(),
      );
    const t0 = new Date("2030-01-01T10:00:00Z");
    await authenticateApiToken(db, token, t0);
    await authenticateApiToken(db, token, new Date(t0.getTime() + 30_000));
    expect((await lastUsed()).last_used_at).toEqual(t0);
    const t1 = new Date(t0.getTime() + 61_000);
    await authenticateApiToken(db, token, t1);
    expect((await lastUsed()).last_used_at).toEqual(t1);
  });
});

describe("chorus job run", () => {
  it("names the known jobs when asked for an unknown one", { timeout: CLI_TIMEOUT }, async () => {
    const run = await chorus(["job", "run", "nope"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown job "nope"');
    for (const job of jobs) expect(run.stderr).toContain(job.name);
  });

  it("rejects a payload the job's schema refuses, naming the field", { timeout: CLI_TIMEOUT }, async () => {
    const run = await chorus([
      "job",
      "run",
      "send-email",
      "--payload",
      JSON.stringify({ template: "magic-link", to: "not-an-email", locale: "de" }),
      "--json",
    ]);
    expect(run.code).toBe(2);
    expect(parseJson(run)).toMatchObject({
      error: { code: "invalid_input", message: expect.stringContaining("send-email") },
    });
    expect(run.stderr).toMatch(/\bto\b/);
  });
});

describe("chorus usage", () => {
  it("prints usage for help and exits 2 for an unknown command", { timeout: CLI_TIMEOUT }, async () => {
    const help = await chorus(["help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("tenant create --name <company> --slug <slug> --admin-email <email>");
    const unknown = await chorus(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });
});

describe("chorus on embedded PGlite", () => {
  it("persists a tenant across processes in PGLITE_DIR", { timeout: 4 * CLI_TIMEOUT }, async () => {
    const dir = await mkdtemp(join(tmpdir(), "chorus-cli-pglite-"));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, PGLITE_DIR: dir };
      delete env.DATABASE_URL;
      delete env.DATABASE_OWNER_URL;
      const slug = `lite-${uniqueId()}`;
      const created = await chorus(
        [
          "tenant",
          "create",
          "--name",
          "Lite",
          "--slug",
          slug,
          "--admin-email",
          "lite@example.test",
          "--json",
        ],
        env,
      );
      expect(created.code, created.stderr).toBe(0);
      const { tenant } = parseJson(created) as { tenant: { id: string } };

      const listed = await chorus(["tenant", "list", "--json"], env);
      expect(listed.code, listed.stderr).toBe(0);
      expect(parseJson(listed)).toEqual({
        tenants: [expect.objectContaining({ id: tenant.id, slug, name: "Lite" })],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
