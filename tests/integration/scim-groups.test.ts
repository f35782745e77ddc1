import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import type { ApiScope } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { createApiToken } from "~/app/modules/api/api-tokens.server.ts";
import { startAppServer, type AppServer } from "~/tests/support/app-server.ts";
import { createCompany, createTeam, uniqueId, type TestCompany } from "~/tests/support/factories.ts";

/*
 * SCIM Groups = Chorus teams (issue 16), driven with the requests Microsoft Entra ID's provisioning
 * service and Okta send (their documented shapes: Entra capitalises ops and sends `$ref: null`,
 * Okta lower-case ops, `members[value eq "…"]` removes and a path-less replace with id and
 * displayName). Over HTTP through the real edge (server.ts) and the production build, against this
 * file's own database.
 */

const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

let db: DB;
let app: AppServer;
beforeAll(async () => {
  app = await startAppServer();
  db = (await database()).db;
}, 60_000);
afterAll(async () => {
  await app?.close();
});

interface Directory {
  c: TestCompany;
  token: string;
  get(path: string): Promise<Response>;
  send(method: string, path: string, body: unknown, contentType?: string): Promise<Response>;
}

async function directory(scopes: ApiScope[] = ["scim"]): Promise<Directory> {
  const c = await createCompany(db);
  const { token } = await withTenant(db, c.tenantId, (tx) =>
    createApiToken(tx, {
      name: "Entra provisioning",
      scopes,
      tenantId: c.tenantId,
      tenantSlug: c.tenant.slug,
      createdBy: null,
    }),
  );
  return {
    c,
    token,
    get: (path) => call(token, "GET", path),
    send: (method, path, body, contentType = "application/scim+json") =>
      call(token, method, path, body, contentType),
  };
}

/** A SCIM request as a directory sends it, over HTTP to the app server. */
async function call(
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  contentType = "application/scim+json",
): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/scim+json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = `${contentType}; charset=utf-8`;
  return fetch(`${app.base}/scim/v2${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

/** A SCIM response body, loosely typed for the assertions. */
interface Body {
  id: string;
  displayName?: string;
  externalId?: string;
  members?: { value: string; display: string; $ref: string }[];
  meta: { location: string; resourceType: string };
  Resources?: Body[];
  [attribute: string]: unknown;
}
const json = async (res: Response) => (await res.json()) as Body;

async function teamOf(d: Directory, memberId: string): Promise<string | null> {
  const row = await withTenant(db, d.c.tenantId, (tx) =>
    tx.selectFrom("memberships").select("team_id").where("id", "=", memberId).executeTakeFirstOrThrow(),
  );
  return row.team_id;
}

async function team(d: Directory, id: string) {
  return withTenant(db, d.c.tenantId, (tx) =>
    tx.selectFrom("teams").select(["name", "scim_external_id"]).where("id", "=", id).executeTakeFirst(),
  );
}

async function expectScimError(res: Response, status: number, scimType?: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("Content-Type")).toMatch(/^application\/scim\+json/);
  const body = await json(res);
  expect(body).toMatchObject({ schemas: [ERROR], status: String(status) });
  if (scimType) expect(body.scimType).toBe(scimType);
  else expect(body).not.toHaveProperty("scimType");
  expect(typeof body.detail).toBe("string");
  return body;
}

const filter = (f: string) => encodeURIComponent(f);

describe("SCIM Groups as Entra ID sends them", () => {
  it("looks up, creates, fills, renames, checks, empties and deletes a team", async () => {
    const d = await directory();
    const anna = await d.c.member({ name: "Anna Adler" });
    const ben = await d.c.member({ name: "Ben Berg" });
    const carla = await d.c.member({ name: "Carla Conrad" });

    // Entra's first call: is there a group of that name already?
    const lookup = await d.get(
      `/Groups?filter=${filter('displayName eq "Vertrieb Süd"')}&excludedAttributes=members`,
    );
    expect(lookup.status).toBe(200);
    expect(lookup.headers.get("Content-Type")).toMatch(/^application\/scim\+json/);
    expect(await json(lookup)).toEqual({
      schemas: [LIST],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });

    const created = await d.send("POST", "/Groups", {
      schemas: [GROUP],
      externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
      displayName: "Vertrieb Süd",
      members: [],
    });
    expect(created.status).toBe(201);
    const group = await json(created);
    const id = group.id;
    expect(created.headers.get("Location")).toBe(group.meta.location);
    expect(group).toMatchObject({
      schemas: [GROUP],
      externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
      displayName: "Vertrieb Süd",
      members: [],
      meta: { resourceType: "Group" },
    });
    expect(group.meta.location).toMatch(new RegExp(`/scim/v2/Groups/${id}$`));
    expect(await team(d, id)).toEqual({
      name: "Vertrieb Süd",
      scim_external_id: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
    });

    // add members: Entra's shape, capitalised op, $ref null
    const added = await d.send("PATCH", `/Groups/${id}`, {
      schemas: [PATCH_OP],
      Operations: [
        {
          op: "Add",
          path: "members",
          value: [
            { $ref: null, value: anna.id },
            { $ref: null, value: ben.id },
          ],
        },
      ],
    });
    expect(added.status).toBe(204);
    expect(await teamOf(d, anna.id)).toBe(id);
    expect(await teamOf(d, ben.id)).toBe(id);
    expect(await teamOf(d, carla.id)).toBeNull();

    const read = await json(await d.get(`/Groups/${id}`));
    expect(read.members).toEqual([
      {
        value: anna.id,
        display: "Anna Adler",
        $ref: expect.stringMatching(new RegExp(`/scim/v2/Users/${anna.id}$`)),
      },
      {
        value: ben.id,
        display: "Ben Berg",
        $ref: expect.stringMatching(new RegExp(`/scim/v2/Users/${ben.id}$`)),
      },
    ]);
    const withoutMembers = await json(await d.get(`/Groups/${id}?excludedAttributes=members`));
    expect(withoutMembers).not.toHaveProperty("members");
    expect(withoutMembers.displayName).toBe("Vertrieb Süd");

    // Entra's membership check: id eq … and members[value eq …]
    const check = (memberId: string) =>
      d.get(
        `/Groups?filter=${filter(`id eq "${id}" and members[value eq "${memberId}"]`)}&excludedAttributes=members`,
      );
    const yes = await json(await check(anna.id));
    expect(yes).toMatchObject({ totalResults: 1, Resources: [{ id, displayName: "Vertrieb Süd" }] });
    expect(yes.Resources![0]).not.toHaveProperty("members");
    expect(await json(await check(carla.id))).toMatchObject({ totalResults: 0, Resources: [] });

    // remove with a value array, replace the name
    const removed = await d.send("PATCH", `/Groups/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "Remove", path: "members", value: [{ $ref: null, value: anna.id }] }],
    });
    expect(removed.status).toBe(204);
    expect(await teamOf(d, anna.id)).toBeNull();
    expect(await teamOf(d, ben.id)).toBe(id);
    const renamed = await d.send("PATCH", `/Groups/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "Replace", path: "displayName", value: "Vertrieb Süd-West" }],
    });
    expect(renamed.status).toBe(204);
    expect((await team(d, id))?.name).toBe("Vertrieb Süd-West");
    // looked up by its new name, in another case (displayName is not case-exact)
    expect(
      await json(await d.get(`/Groups?filter=${filter('displayName eq "vertrieb süd-west"')}`)),
    ).toMatchObject({ totalResults: 1, Resources: [{ id, members: [{ value: ben.id }] }] });
    expect(
      await json(
        await d.get(`/Groups?filter=${filter('externalId eq "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159"')}`),
      ),
    ).toMatchObject({ totalResults: 1, Resources: [{ id }] });

    // delete: the team goes, its members stay without a team (ON DELETE SET NULL (team_id))
    const deleted = await d.send("DELETE", `/Groups/${id}`, undefined);
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");
    expect(await team(d, id)).toBeUndefined();
    expect(await teamOf(d, ben.id)).toBeNull();
    await expectScimError(await d.get(`/Groups/${id}`), 404);
    await expectScimError(await d.send("DELETE", `/Groups/${id}`, undefined), 404);

    const audit = await withTenant(db, d.c.tenantId, (tx) =>
      tx
        .selectFrom("audit_events")
        .select(["action", "actor_user_id", "data"])
        .where("subject", "=", id)
        .orderBy("created_at")
        .execute(),
    );
    expect(audit.map((a) => a.action)).toEqual([
      "team.scim_created",
      "team.scim_updated",
      "team.scim_updated",
      "team.scim_updated",
      "team.scim_deleted",
    ]);
    expect(audit.every((a) => a.actor_user_id === null)).toBe(true);
    expect(audit[1]!.data).toMatchObject({ via: "scim", changed: ["members"], membersAdded: 2 });
    expect(audit[4]!.data).toMatchObject({ name: "Vertrieb Süd-West", members: 1 });
  });

  it("a PATCH is applied in order and as a whole: one bad member id changes nothing", async () => {
    const d = await directory();
    const anna = await d.c.member();
    const { id } = await json(await d.send("POST", "/Groups", { schemas: [GROUP], displayName: "Einkauf" }));
    const res = await d.send("PATCH", `/Groups/${id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: "Replace", path: "displayName", value: "Einkauf Nord" },
        {
          op: "Add",
          path: "members",
          value: [{ value: anna.id }, { value: "5f2b1a9e-0000-4000-8000-000000000000" }],
        },
      ],
    });
    const body = await expectScimError(res, 400, "invalidValue");
    expect(body.detail).toContain("5f2b1a9e-0000-4000-8000-000000000000");
    expect((await team(d, id))?.name).toBe("Einkauf");
    expect(await teamOf(d, anna.id)).toBeNull();

    // add then remove the same person in one PATCH: removed (sequence, RFC 7644 §3.5.2)
    const seq = await d.send("PATCH", `/Groups/${id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: "Add", path: "members", value: [{ value: anna.id }] },
        { op: "Remove", path: "members", value: [{ value: anna.id }] },
      ],
    });
    expect(seq.status).toBe(204);
    expect(await teamOf(d, anna.id)).toBeNull();
  });
});

describe("SCIM Groups as Okta sends them", () => {
  it("creates with members, renames with a path-less replace, removes by filter, adds, replaces with PUT", async () => {
    const d = await directory();
    const [a, b, c] = [
      await d.c.member({ name: "Aylin A" }),
      await d.c.member({ name: "Bo B" }),
      await d.c.member({ name: "Cem C" }),
    ];
    const created = await d.send(
      "POST",
      "/Groups",
      {
        schemas: [GROUP],
        displayName: "Okta Marketing",
        members: [
          { value: a.id, display: "aylin@example.test" },
          { value: b.id, display: "bo@example.test" },
        ],
      },
      "application/json",
    );
    expect(created.status).toBe(201);
    const group = await json(created);
    const id = group.id;
    expect(group.members!.map((m) => m.value).sort()).toEqual([a.id, b.id].sort());
    expect(group).not.toHaveProperty("externalId");

    const ops = async (...Operations: unknown[]) =>
      d.send("PATCH", `/Groups/${id}`, { schemas: [PATCH_OP], Operations }, "application/json");
    expect((await ops({ op: "replace", value: { id, displayName: "Okta Marketing DACH" } })).status).toBe(
      204,
    );
    expect((await team(d, id))?.name).toBe("Okta Marketing DACH");
    expect((await ops({ op: "remove", path: `members[value eq "${a.id}"]` })).status).toBe(204);
    expect(await teamOf(d, a.id)).toBeNull();
    expect(
      (await ops({ op: "add", path: "members", value: [{ value: c.id, display: "cem@example.test" }] }))
        .status,
    ).toBe(204);
    expect(await teamOf(d, c.id)).toBe(id);

    // PUT: the members are exactly these; externalId, now named, is stored
    const put = await d.send(
      "PUT",
      `/Groups/${id}`,
      {
        schemas: [GROUP],
        id,
        displayName: "Okta Marketing DACH",
        externalId: "00g1emaKYZTWRYYRRTSK",
        members: [{ value: a.id }, { value: c.id }],
      },
      "application/json",
    );
    expect(put.status).toBe(200);
    const replaced = await json(put);
    expect(replaced).toMatchObject({ id, externalId: "00g1emaKYZTWRYYRRTSK" });
    expect(replaced.members!.map((m) => m.value).sort()).toEqual([a.id, c.id].sort());
    expect(await teamOf(d, b.id)).toBeNull();
    // PUT without members keeps them (not asserted); "members": [] empties the team
    await d.send("PUT", `/Groups/${id}`, { schemas: [GROUP], displayName: "Okta Marketing" });
    expect(await teamOf(d, a.id)).toBe(id);
    expect((await team(d, id))?.scim_external_id).toBe("00g1emaKYZTWRYYRRTSK");
    await d.send("PUT", `/Groups/${id}`, { schemas: [GROUP], displayName: "Okta Marketing", members: [] });
    expect([await teamOf(d, a.id), await teamOf(d, c.id)]).toEqual([null, null]);
  });

  it("pages the list with startIndex and count", async () => {
    const d = await directory();
    const names = ["G1", "G2", "G3"].map((n) => `${n} ${uniqueId()}`);
    for (const displayName of names) await d.send("POST", "/Groups", { schemas: [GROUP], displayName });
    const page = await json(await d.get("/Groups?startIndex=2&count=1&excludedAttributes=members"));
    expect(page).toMatchObject({
      totalResults: 3,
      startIndex: 2,
      itemsPerPage: 1,
      Resources: [{ displayName: names[1] }],
    });
    const none = await json(await d.get("/Groups?count=0"));
    expect(none).toMatchObject({ totalResults: 3, itemsPerPage: 0, Resources: [] });
  });
});

describe("one team per member", () => {
  it("adding to a group moves the member; a late remove from the old group leaves the new team", async () => {
    const d = await directory();
    const m = await d.c.member();
    const sales = await json(
      await d.send("POST", "/Groups", { schemas: [GROUP], displayName: "Sales", members: [{ value: m.id }] }),
    );
    const support = await json(await d.send("POST", "/Groups", { schemas: [GROUP], displayName: "Support" }));
    expect(await teamOf(d, m.id)).toBe(sales.id);

    await d.send("PATCH", `/Groups/${support.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "Add", path: "members", value: [{ value: m.id }] }],
    });
    expect(await teamOf(d, m.id)).toBe(support.id);
    // the directory now takes them out of Sales: succeeds, changes nothing
    const late = await d.send("PATCH", `/Groups/${sales.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "Remove", path: "members", value: [{ value: m.id }] }],
    });
    expect(late.status).toBe(204);
    expect(await teamOf(d, m.id)).toBe(support.id);
    const salesNow = await json(await d.get(`/Groups/${sales.id}`));
    expect(salesNow.members).toEqual([]);
    const moved = await withTenant(db, d.c.tenantId, (tx) =>
      tx
        .selectFrom("audit_events")
        .select("data")
        .where("subject", "=", support.id)
        .where("action", "=", "team.scim_updated")
        .executeTakeFirstOrThrow(),
    );
    expect(moved.data).toMatchObject({ membersAdded: 1, membersMoved: 1 });
  });

  it("an existing team (made by an admin) is found by name and managed, never created twice", async () => {
    const d = await directory();
    const existing = await createTeam(db, d.c.tenantId, { name: "Geschäftsführung" });
    const found = await json(await d.get(`/Groups?filter=${filter('displayName eq "GESCHÄFTSFÜHRUNG"')}`));
    expect(found).toMatchObject({
      totalResults: 1,
      Resources: [{ id: existing.id, displayName: "Geschäftsführung" }],
    });
    const twice = await d.send("POST", "/Groups", { schemas: [GROUP], displayName: "geschäftsführung" });
    const body = await expectScimError(twice, 409, "uniqueness");
    expect(body.detail).toContain(existing.id);
    // the same externalId twice
    await d.send("POST", "/Groups", { schemas: [GROUP], displayName: "A", externalId: "ext-1" });
    await expectScimError(
      await d.send("POST", "/Groups", { schemas: [GROUP], displayName: "B", externalId: "ext-1" }),
      409,
      "uniqueness",
    );
    // renaming onto another team's name
    const b = await json(await d.send("POST", "/Groups", { schemas: [GROUP], displayName: "B" }));
    await expectScimError(
      await d.send("PATCH", `/Groups/${b.id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: "Replace", path: "displayName", value: "a" }],
      }),
      409,
      "uniqueness",
    );
  });
});

describe("refusals in RFC 7644's words", () => {
  it("answers bad requests, unknown groups and missing tokens with SCIM error bodies", async () => {
    const d = await directory();
    const other = await directory();
    const theirs = await json(
      await other.send("POST", "/Groups", { schemas: [GROUP], displayName: "Theirs" }),
    );
    const outsider = await other.c.member();
    const { id } = await json(await d.send("POST", "/Groups", { schemas: [GROUP], displayName: "Ours" }));

    await expectScimError(await d.send("POST", "/Groups", { schemas: [GROUP] }), 400, "invalidValue");
    await expectScimError(
      await d.send("POST", "/Groups", { schemas: [GROUP], displayName: "x".repeat(81) }),
      400,
      "invalidValue",
    );
    await expectScimError(await d.send("POST", "/Groups", { displayName: "T" }, "text/plain"), 415);
    // another tenant's group and member are unknown here
    await expectScimError(await d.get(`/Groups/${theirs.id}`), 404);
    await expectScimError(await d.get("/Groups/not-a-uuid"), 404);
    await expectScimError(
      await d.send("PATCH", `/Groups/${id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: "add", path: "members", value: [{ value: outsider.id }] }],
      }),
      400,
      "invalidValue",
    );
    expect(await teamOf(other, outsider.id)).toBeNull();
    // a remove without a path, an unknown op, a filter we do not answer, a bad members path
    await expectScimError(
      await d.send("PATCH", `/Groups/${id}`, { schemas: [PATCH_OP], Operations: [{ op: "remove" }] }),
      400,
      "noTarget",
    );
    await expectScimError(
      await d.send("PATCH", `/Groups/${id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: "move", path: "members" }],
      }),
      400,
      "invalidValue",
    );
    await expectScimError(
      await d.send("PATCH", `/Groups/${id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: "remove", path: "displayName" }],
      }),
      400,
      "invalidValue",
    );
    await expectScimError(
      await d.get(`/Groups?filter=${filter('displayName co "Ou"')}`),
      400,
      "invalidFilter",
    );
    await expectScimError(
      await d.get(`/Groups?filter=${filter('members.display eq "x"')}`),
      400,
      "invalidFilter",
    );
    await expectScimError(await d.get("/Groups?count=ten"), 400, "invalidValue");

    // no token, a revoked-looking token, a token without the scim scope
    const anonymous = await call(null, "GET", "/Groups");
    await expectScimError(anonymous, 401);
    expect(anonymous.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
    await expectScimError(await call(`${d.token}x`, "GET", "/Groups"), 401);
    const contentOnly = await directory(["content"]);
    const forbidden = await contentOnly.get("/Groups");
    await expectScimError(forbidden, 403);
    expect(forbidden.headers.get("WWW-Authenticate")).toContain('scope="scim"');
    // nothing of ours leaked into the other tenant's list
    expect(await json(await other.get("/Groups"))).toMatchObject({
      totalResults: 1,
      Resources: [{ displayName: "Theirs" }],
    });
  });
});
