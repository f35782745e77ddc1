import Papa from "papaparse";
import { PDFDocument } from "pdf-lib";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import type { Locale, Membership, Role, Tenant } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { createApiToken } from "~/app/modules/api/api-tokens.server.ts";
import { contentHash, StatementContent } from "~/app/modules/goals/statement.ts";
import * as accessLogRoute from "~/app/routes/credit.access-log.tsx";
import * as apiCreditRoute from "~/app/routes/api.v1.credit.ts";
import * as apiPostsRoute from "~/app/routes/api.v1.posts.ts";
import * as apiSuggestionsRoute from "~/app/routes/api.v1.suggestions.ts";
import * as creditRoute from "~/app/routes/credit.tsx";
import * as exportRoute from "~/app/routes/credit.export.ts";
import { createPerson, createTenant, sessionCookie, uniqueId } from "~/tests/support/factories.ts";

// The credit routes' loaders are called with real Requests (a session cookie or an API token)
// against this file's own PostgreSQL database; statements are inserted as F's period close would
// lock them (content + SHA-256), then released or not.

let db: DB;

interface Person {
  membership: Membership;
  name: string;
  cookie: string;
}

async function person(
  tenant: Tenant,
  name: string,
  roles: Role[],
  managerId: string | null = null,
  locale: Locale | null = null,
): Promise<Person> {
  const { user, membership } = await createPerson(db, tenant.id, { name, roles, managerId, locale });
  return { membership, name, cookie: await sessionCookie(db, user.id) };
}

/** An accepted, closed agreement with its locked statement; released unless told otherwise. */
async function lockStatement(
  tenant: Tenant,
  employee: Person,
  manager: Person | null,
  {
    period = { label: "2026-Q4", startsOn: "2026-10-01", endsOn: "2026-12-31" },
    released = true,
    supersedes = null as string | null,
    overall = 95,
  } = {},
): Promise<{ id: string; hash: string }> {
  const content = StatementContent.parse({
    version: 1,
    tenant: { id: tenant.id, name: tenant.name },
    employee: { membershipId: employee.membership.id, name: employee.name, team: "Vertrieb Süd" },
    manager: manager ? { membershipId: manager.membership.id, name: manager.name } : null,
    period: { kind: "quarter", ...period },
    objectives: [
      {
        position: 1,
        title: "Beiträge teilen",
        metric: "shares",
        target: 10,
        weight: 50,
        actual: 9,
        attainmentPercent: 90,
        weightedPercent: 45,
        manualNote: null,
        activities: [],
        activityCount: 9,
      },
      {
        position: 2,
        title: "Punkte für Qualität",
        metric: "points",
        target: 200,
        weight: 50,
        actual: 200,
        attainmentPercent: 100,
        weightedPercent: 50,
        manualNote: null,
        activities: [],
        activityCount: 4,
      },
    ],
    overallPercent: overall,
    capPercent: 150,
    rules: [{ id: "default", effectiveFrom: "2026-01-01", rules: { share: 10 } }],
    generatedAt: "2027-01-01T00:05:00.000Z",
    supersedes,
  });
  const hash = contentHash(content);
  return withTenant(db, tenant.id, async (tx) => {
    const agreement = supersedes
      ? await tx
          .selectFrom("credit_statements")
          .select("agreement_id as id")
          .where("id", "=", supersedes)
          .executeTakeFirstOrThrow()
      : await tx
          .insertInto("goal_agreements")
          .values({
            tenant_id: tenant.id,
            employee_id: employee.membership.id,
            manager_id: manager?.membership.id ?? null,
            period_kind: "quarter",
            period_label: period.label,
            starts_on: period.startsOn,
            ends_on: period.endsOn,
            status: "closed",
            accepted_at: new Date("2026-10-02T10:00:00Z"),
            closed_at: new Date("2027-01-01T00:05:00Z"),
          })
          .returning("id")
          .executeTakeFirstOrThrow();
    const row = await tx
      .insertInto("credit_statements")
      .values({
        tenant_id: tenant.id,
        agreement_id: agreement.id,
        employee_id: employee.membership.id,
        manager_id: manager?.membership.id ?? null,
        period_label: period.label,
        starts_on: period.startsOn,
        ends_on: period.endsOn,
        content: JSON.stringify(content),
        content_hash: hash,
        supersedes_id: supersedes,
        released_at: released ? new Date("2027-01-03T09:00:00Z") : null,
        release_mode: released ? "employee" : null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { id: row.id, hash };
  });
}

/** A download from the credit page (same origin): one from another site exports nothing (credit-consent.test.ts). */
function exportRequest(tenant: Tenant, cookie: string, query: string) {
  const request = new Request(`http://localhost/t/${tenant.slug}/credit/export?${query}`, {
    headers: { Cookie: cookie, "Sec-Fetch-Site": "same-origin" },
  });
  return exportRoute.loader({ request, params: { tenant: tenant.slug } } as never);
}

async function accessRows(tenant: Tenant) {
  return withTenant(db, tenant.id, (tx) =>
    tx
      .selectFrom("credit_access_log")
      .selectAll()
      .where("tenant_id", "=", tenant.id)
      .orderBy("created_at")
      .orderBy("id")
      .execute(),
  );
}

let tenant: Tenant;
let other: Tenant;
let boss: Person; // the manager
let peer: Person; // another manager
let juergen: Person;
let zoe: Person;
let otani: Person;
let quiet: Person; // a report who has not released
let stranger: Person; // peer's report, released to peer
const ids: Record<string, string> = {};

beforeAll(async () => {
  ({ db } = await database());
  tenant = await createTenant(db, { name: "Müller GmbH" });
  other = await createTenant(db);
  boss = await person(tenant, "Max Mänager", ["manager", "employee"], null, "de");
  peer = await person(tenant, "Paula Peer", ["manager", "employee"]);
  juergen = await person(tenant, "Jürgen Weiß", ["employee"], boss.membership.id);
  zoe = await person(tenant, "Zoë Ärger", ["employee"], boss.membership.id);
  otani = await person(tenant, "Ōtani Łukasz", ["employee"], boss.membership.id);
  quiet = await person(tenant, "Quentin Still", ["employee"], boss.membership.id);
  stranger = await person(tenant, "Stefan Fremd", ["employee"], peer.membership.id);

  ids.juergen = (await lockStatement(tenant, juergen, boss)).id;
  ids.zoe = (await lockStatement(tenant, zoe, boss)).id;
  // Ōtani's first statement was corrected; the released correction replaces it
  const first = await lockStatement(tenant, otani, boss, { overall: 10 });
  ids.otaniOld = first.id;
  ids.otani = (await lockStatement(tenant, otani, boss, { supersedes: first.id, overall: 80 })).id;
  ids.quiet = (await lockStatement(tenant, quiet, boss, { released: false })).id;
  ids.stranger = (await lockStatement(tenant, stranger, peer)).id;
  // another quarter, outside 2026-Q4
  ids.juergenQ3 = (
    await lockStatement(tenant, juergen, boss, {
      period: { label: "2026-Q3", startsOn: "2026-07-01", endsOn: "2026-09-30" },
    })
  ).id;
});

describe("manager's credit export", () => {
  it("CSV: only released statements of the manager's own reports, umlauts intact, one access log entry per person", async () => {
    const before = (await accessRows(tenant)).length;
    const res = await exportRequest(tenant, boss.cookie, "format=csv&period=2026-Q4");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="chorus-credit-2026-Q4.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8").decode(bytes);
    // the manager's language is German: semicolons, as German Excel splits
    const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.delimiter).toBe(";");
    const [header, ...rows] = parsed.data;
    expect(header?.[0]).toBe("Mitarbeiter:in");
    const names = [...new Set(rows.map((r) => r[0]))];
    expect(names.sort()).toEqual(["Jürgen Weiß", "Zoë Ärger", "Ōtani Łukasz"].sort());
    expect(rows).toHaveLength(9); // 3 people × (2 objectives + overall)
    expect(text).not.toContain("Quentin");
    expect(text).not.toContain("Stefan");
    expect(text).not.toContain(ids.otaniOld!);
    expect(
      rows.find((r) => r[0] === "Ōtani Łukasz" && r[6] === "Gesamt")?.[header!.indexOf("Erreichung %")],
    ).toBe("80");
    expect(rows[0]).toContain("Vertrieb Süd");

    const log = (await accessRows(tenant)).slice(before);
    expect(log).toHaveLength(3);
    for (const entry of log) {
      expect(entry.action).toBe("export.csv");
      expect(entry.actor_membership_id).toBe(boss.membership.id);
      expect(entry.actor_token_id).toBeNull();
    }
    expect(log.map((e) => e.subject_membership_id).sort()).toEqual(
      [juergen, zoe, otani].map((p) => p.membership.id).sort(),
    );
    expect(log.map((e) => e.statement_id).sort()).toEqual([ids.juergen, ids.zoe, ids.otani].sort());
  });

  it("PDF: one page per person, for one person and for all three", async () => {
    const one = await exportRequest(
      tenant,
      boss.cookie,
      `format=pdf&period=2026-Q4&employee=${zoe.membership.id}`,
    );
    expect(one.status).toBe(200);
    expect(one.headers.get("Content-Type")).toBe("application/pdf");
    expect(one.headers.get("Content-Disposition")).toBe(
      'attachment; filename="chorus-credit-2026-Q4-zoe-arger.pdf"',
    );
    expect((await PDFDocument.load(new Uint8Array(await one.arrayBuffer()))).getPageCount()).toBe(1);

    const before = (await accessRows(tenant)).length;
    const all = await exportRequest(tenant, boss.cookie, "format=pdf&period=2026-Q4");
    expect(all.status).toBe(200);
    const doc = await PDFDocument.load(new Uint8Array(await all.arrayBuffer()));
    expect(doc.getPageCount()).toBe(3);
    const log = (await accessRows(tenant)).slice(before);
    expect(log.map((e) => e.action)).toEqual(["export.pdf", "export.pdf", "export.pdf"]);
  });

  it("JSON: the locked content with its hash and release time, for a custom range", async () => {
    const res = await exportRequest(
      tenant,
      boss.cookie,
      `format=json&from=2026-07-01&to=2026-12-31&employee=${juergen.membership.id}`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    const body = (await res.json()) as {
      period: { label: string };
      statements: { id: string; contentHash: string; releasedAt: string; content: unknown }[];
    };
    expect(body.period.label).toBe("2026-07-01..2026-12-31");
    expect(body.statements.map((s) => s.id).sort()).toEqual([ids.juergen, ids.juergenQ3].sort());
    for (const s of body.statements) {
      expect(contentHash(StatementContent.parse(s.content))).toBe(s.contentHash);
      expect(s.releasedAt).toBe("2027-01-03T09:00:00.000Z");
    }
    const log = (await accessRows(tenant)).filter((e) => e.action === "export.json");
    expect(log).toHaveLength(2);
    expect(new Set(log.map((e) => e.subject_membership_id))).toEqual(new Set([juergen.membership.id]));
  });

  it("refuses another manager's report, an unreleased statement, bad input and non-managers — and logs nothing", async () => {
    const before = (await accessRows(tenant)).length;
    expect(
      (
        await exportRequest(
          tenant,
          boss.cookie,
          `format=csv&period=2026-Q4&employee=${stranger.membership.id}`,
        )
      ).status,
    ).toBe(404);
    expect(
      (await exportRequest(tenant, boss.cookie, `format=pdf&period=2026-Q4&employee=${quiet.membership.id}`))
        .status,
    ).toBe(404);
    expect((await exportRequest(tenant, boss.cookie, "format=csv&period=2027-Q1")).status).toBe(404);

    const bad = await exportRequest(tenant, boss.cookie, "format=xlsx&period=2026-Q5");
    expect(bad.status).toBe(400);
    const message = await bad.text();
    expect(message).toContain("format: must be csv, pdf or json");
    expect(message).toContain("period: must be YYYY-Qn, YYYY-Hn or YYYY");
    expect(
      (await exportRequest(tenant, boss.cookie, "format=csv&from=2026-12-31&to=2026-10-01")).status,
    ).toBe(400);
    expect((await exportRequest(tenant, boss.cookie, "format=csv&period=2026-Q4&employee=x")).status).toBe(
      400,
    );

    await expect(exportRequest(tenant, juergen.cookie, "format=csv&period=2026-Q4")).rejects.toMatchObject({
      status: 403,
    });
    expect(await accessRows(tenant)).toHaveLength(before);
  });

  it("the page lists only released statements of the manager's own reports, with an empty state for other periods", async () => {
    const load = (query: string, cookie = boss.cookie) =>
      creditRoute.loader({
        request: new Request(`http://localhost/t/${tenant.slug}/credit?${query}`, {
          headers: { Cookie: cookie },
        }),
        params: { tenant: tenant.slug },
      } as never) as Promise<{
        ok: boolean;
        rows: { id: string; employeeName: string }[];
      }>;
    const page = await load("period=2026-Q4");
    expect(page.ok).toBe(true);
    expect(page.rows.map((r) => r.id).sort()).toEqual([ids.juergen, ids.zoe, ids.otani].sort());
    const picker = await load("kind=half&year=2026&half=2");
    expect(picker.rows.map((r) => r.id).sort()).toEqual(
      [ids.juergen, ids.zoe, ids.otani, ids.juergenQ3].sort(),
    );
    expect((await load("period=2025")).rows).toEqual([]);
    const peerPage = await load("period=2026-Q4", peer.cookie);
    expect(peerPage.rows.map((r) => r.id)).toEqual([ids.stranger]);
    const invalid = (await creditRoute.loader({
      request: new Request(`http://localhost/t/${tenant.slug}/credit?period=2026-Q9`, {
        headers: { Cookie: boss.cookie },
      }),
      params: { tenant: tenant.slug },
    } as never)) as unknown as { init: { status: number } };
    expect(invalid.init.status).toBe(400);
  });
});

describe("GET /api/v1/credit", () => {
  let token: string;
  let tokenId: string;
  let otherToken: string;
  const call = (query: string, bearer?: string) =>
    apiCreditRoute.loader({
      request: new Request(`http://localhost/api/v1/credit?${query}`, {
        headers: bearer ? { Authorization: `Bearer ${bearer}` } : {},
      }),
      params: {},
    } as never);

  beforeAll(async () => {
    ({ token, id: tokenId } = await withTenant(db, tenant.id, (tx) =>
      createApiToken(tx, {
        name: `HR-System ${uniqueId()}`,
        scopes: ["credit"],
        tenantId: tenant.id,
        tenantSlug: tenant.slug,
        createdBy: null,
      }),
    ));
    ({ token: otherToken } = await withTenant(db, other.id, (tx) =>
      createApiToken(tx, {
        name: "other",
        scopes: ["credit"],
        tenantId: other.id,
        tenantSlug: other.slug,
        createdBy: null,
      }),
    ));
  });

  it("refuses a token without the credit scope (a CMS token made before scopes existed) with 403 insufficient_scope, reading and logging nothing", async () => {
    const before = (await accessRows(tenant)).length;
    // what every token made before 0011 has: the column default, content only
    const cms = await withTenant(db, tenant.id, async (tx) => {
      const created = await createApiToken(tx, {
        name: "CMS",
        tenantId: tenant.id,
        tenantSlug: tenant.slug,
        createdBy: null,
      });
      await tx
        .updateTable("api_tokens")
        .set({ scopes: sql`default` })
        .where("id", "=", created.id)
        .execute();
      return created;
    });
    expect(cms.scopes).toEqual(["content"]);
    const res = await call("period=2026-Q4", cms.token);
    expect(res.status).toBe(403);
    expect(res.headers.get("WWW-Authenticate")).toBe(
      'Bearer realm="chorus", error="insufficient_scope", scope="credit"',
    );
    expect(await res.json()).toEqual({
      error: {
        code: "insufficient_scope",
        message:
          'This token may not read credit statements. An admin can create a token with the "credit" scope.',
      },
    });
    expect(await accessRows(tenant)).toHaveLength(before);

    // the same token still does what it was made for
    const posts = await apiPostsRoute.loader({
      request: new Request("http://localhost/api/v1/posts", {
        headers: { Authorization: `Bearer ${cms.token}` },
      }),
      params: {},
    } as never);
    expect(posts.status).toBe(200);
  });

  it("refuses a credit-only token on the content endpoints: an HR system's token cannot read or write posts", async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const list = await apiPostsRoute.loader({
      request: new Request("http://localhost/api/v1/posts", { headers: auth }),
      params: {},
    } as never);
    expect(list.status).toBe(403);
    expect(((await list.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: "insufficient_scope",
      message:
        'This token may not read or create posts and suggestions. An admin can create a token with the "content" scope.',
    });
    const body = JSON.stringify({
      title: "Sneaky",
      captions: [{ network: "linkedin", language: "de", text: "Hallo" }],
    });
    const create = await apiPostsRoute.action({
      request: new Request("http://localhost/api/v1/posts", {
        method: "POST",
        headers: { ...auth, "Content-Type": "application/json" },
        body,
      }),
      params: {},
    } as never);
    expect(create.status).toBe(403);
    expect(((await create.json()) as { error: { code: string } }).error.code).toBe("insufficient_scope");
    const posts = await withTenant(db, tenant.id, (tx) =>
      tx
        .selectFrom("posts")
        .select("id")
        .where("tenant_id", "=", tenant.id)
        .where("title", "=", "Sneaky")
        .execute(),
    );
    expect(posts).toEqual([]);
    const suggestions = await apiSuggestionsRoute.loader({
      request: new Request("http://localhost/api/v1/suggestions", { headers: auth }),
      params: {},
    } as never);
    expect(suggestions.status).toBe(403);
  });

  it("returns the tenant's released, non-superseded statements of the period and logs each read with the token", async () => {
    const before = (await accessRows(tenant)).length;
    const res = await call("period=2026-Q4", token);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      period: { label: string; startsOn: string; endsOn: string };
      statements: { id: string; employeeId: string; contentHash: string; content: unknown }[];
    };
    expect(body.period).toMatchObject({ label: "2026-Q4", startsOn: "2026-10-01", endsOn: "2026-12-31" });
    expect(body.statements.map((s) => s.id).sort()).toEqual(
      [ids.juergen, ids.zoe, ids.otani, ids.stranger].sort(),
    );
    for (const s of body.statements)
      expect(contentHash(StatementContent.parse(s.content))).toBe(s.contentHash);

    const log = (await accessRows(tenant)).slice(before);
    expect(log).toHaveLength(4);
    for (const e of log) {
      expect(e.action).toBe("api.read");
      expect(e.actor_token_id).toBe(tokenId);
      expect(e.actor_membership_id).toBeNull();
    }

    const year = (await (await call("period=2026", token)).json()) as { statements: { id: string }[] };
    expect(year.statements.map((s) => s.id)).toContain(ids.juergenQ3);
    const range = (await (await call("from=2026-07-01&to=2026-09-30", token)).json()) as {
      statements: { id: string }[];
    };
    expect(range.statements.map((s) => s.id)).toEqual([ids.juergenQ3]);
  });

  it("401 without a token, 400 for a bad period, and another tenant's token sees none", async () => {
    const anonymous = await call("period=2026-Q4");
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe("unauthorized");

    for (const query of [
      "period=2026-Q5",
      "period=Q4-2026",
      "",
      "from=2026-01-01",
      "from=2026-02-01&to=2026-01-01",
      "period=2026&from=2026-01-01&to=2026-02-01",
    ]) {
      const res = await call(query, token);
      expect(res.status, query).toBe(400);
      const { error } = (await res.json()) as {
        error: { code: string; message: string; fields?: Record<string, string[]> };
      };
      expect(error.code).toBe("invalid_input");
      expect(error.message).toContain("YYYY-Qn");
      expect(Object.keys(error.fields ?? {}).length, query).toBeGreaterThan(0);
    }

    const before = (await accessRows(tenant)).length;
    const foreign = await call("period=2026-Q4", otherToken);
    expect(foreign.status).toBe(200);
    expect(((await foreign.json()) as { statements: unknown[] }).statements).toEqual([]);
    expect(await accessRows(tenant)).toHaveLength(before);
  });
});

describe("who looked at my figures", () => {
  const load = async (p: Person) =>
    (await accessLogRoute.loader({
      request: new Request(`http://localhost/t/${tenant.slug}/credit/access`, {
        headers: { Cookie: p.cookie },
      }),
      params: { tenant: tenant.slug },
    } as never)) as {
      entries: {
        action: string;
        actor: { kind: string; name: string | null };
        statement: { id: string; periodLabel: string } | null;
        at: Date;
      }[];
    };

  it("shows the employee the entries about them — the manager's exports and the API reads — newest first", async () => {
    const { entries } = await load(zoe);
    // CSV, PDF (one), PDF (all), API reads (2026-Q4, then 2026)
    expect(entries.map((e) => e.action)).toEqual([
      "api.read",
      "api.read",
      "export.pdf",
      "export.pdf",
      "export.csv",
    ]);
    expect(entries[0]!.actor).toMatchObject({ kind: "token" });
    expect(entries[0]!.actor.name).toMatch(/^HR-System /);
    expect(entries[4]!.actor).toEqual({ kind: "member", name: "Max Mänager" });
    expect(entries.every((e) => e.statement?.id === ids.zoe && e.statement?.periodLabel === "2026-Q4")).toBe(
      true,
    );
    for (let i = 1; i < entries.length; i++)
      expect(new Date(entries[i - 1]!.at).getTime()).toBeGreaterThanOrEqual(
        new Date(entries[i]!.at).getTime(),
      );
  });

  it("shows nobody else's entries: not to the manager, not to a colleague", async () => {
    expect((await load(boss)).entries).toEqual([]);
    expect((await load(quiet)).entries).toEqual([]);
    const stefan = (await load(stranger)).entries;
    expect(stefan.map((e) => e.action)).toEqual(["api.read", "api.read"]);
  });
});
