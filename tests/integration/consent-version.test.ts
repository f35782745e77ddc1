import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { AdvocateRequiredError, requireAdvocate } from "~/app/modules/advocacy/advocate-status.server.ts";
import { CONSENT_VERSION, consentText } from "~/app/modules/advocacy/consent-text.ts";
import { createShare } from "~/app/modules/sharing/create-share.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { createPerson, createTenant, sessionCookie, uniqueId } from "~/tests/support/factories.ts";
import { startAppServer, type AppServer } from "~/tests/support/app-server.ts";

// Consent v2 covers processing v1 did not (issue 11). Someone who joined under v1 may not share until
// they confirm the new text on the advocacy page; leaving instead works as it always did.
const V1 = "2026-11-v1";

let server: AppServer;
let base: string;
let db: DB;
let tenantId: string;
let slug: string;
let postId: string;

beforeAll(async () => {
  server = await startAppServer();
  base = server.base;
  db = (await database()).db;
  const tenant = await createTenant(db);
  tenantId = tenant.id;
  slug = tenant.slug;
  postId = await withTenant(db, tenantId, async (tx) => {
    const post = await tx
      .insertInto("posts")
      .values({
        tenant_id: tenantId,
        slug: `p-${uniqueId()}`,
        kind: "link",
        title: "Sommerfest 2026",
        url: "https://firma.example/fest",
        status: "published",
        target_all: true,
        published_at: new Date(),
        updated_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("captions")
      .values({
        tenant_id: tenantId,
        post_id: post.id,
        network: "x",
        language: "de",
        text: "Kommt alle zum Sommerfest!",
        position: 0,
      })
      .execute();
    return post.id;
  });
});

afterAll(async () => {
  await server?.close();
});

/** A member who joined under the v1 text (before v2 existed), signed in. */
async function memberOnV1() {
  // English pages (the tenant's default is German)
  const { user, member } = await createPerson(db, tenantId, { locale: "en", optedIn: V1 });
  return { member, headers: { Cookie: await sessionCookie(db, user.id) } };
}

const sharePage = () => `${base}/t/${slug}/hub/${postId}/share`;
const advocacyPage = () => `${base}/t/${slug}/advocacy`;

function post(url: string, headers: Record<string, string>, body: Record<string, string>) {
  return fetch(url, {
    method: "POST",
    headers: { ...headers, Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(body).toString(),
  });
}

const shareForm = {
  network: "x",
  text: "Kommt alle zum Sommerfest! Ich bin dabei.",
  channel: "intent",
} as const;

async function sharesOf(member: Member) {
  return withTenant(db, tenantId, (tx) =>
    tx.selectFrom("shares").select("id").where("membership_id", "=", member.id).execute(),
  );
}

async function consentsOf(member: Member) {
  return withTenant(db, tenantId, (tx) =>
    tx
      .selectFrom("advocacy_consents")
      .select(["consent_version", "withdrawn_at", "data_choice"])
      .where("membership_id", "=", member.id)
      .orderBy("granted_at")
      .orderBy("withdrawn_at")
      .execute(),
  );
}

async function auditOf(member: Member) {
  return withTenant(db, tenantId, (tx) =>
    tx
      .selectFrom("audit_events")
      .select(["action", "data", "actor_user_id"])
      .where("subject", "=", member.id)
      .orderBy("created_at")
      .execute(),
  );
}

/** React escapes ' and " in text; compare against the text as the page carries it. */
const html = (s: string) =>
  s
    .replaceAll("&", "&amp;")
    .replaceAll("'", "&#x27;")
    .replaceAll('"', "&quot;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;");

describe("consent to an earlier text", () => {
  it("refuses to share (403 consent_outdated, nothing written) and the share page links to the updated text", async () => {
    const { member, headers } = await memberOnV1();

    const error = await withTenant(db, tenantId, (tx) =>
      createShare(tx, member, { postId, ...shareForm }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdvocateRequiredError);
    expect((error as AdvocateRequiredError).code).toBe("consent_outdated");
    expect((error as AdvocateRequiredError).status).toBe(403);

    const res = await post(sharePage(), headers, shareForm);
    expect(res.status).toBe(403);
    expect(await sharesOf(member)).toEqual([]);
    const links = await withTenant(db, tenantId, (tx) =>
      tx.selectFrom("link_codes").select("code").where("sharer_user_id", "=", member.userId).execute(),
    );
    expect(links).toEqual([]);

    const gate = await fetch(sharePage(), { headers });
    expect(gate.status).toBe(200);
    const page = await gate.text();
    expect(page).toContain("Please confirm the updated consent text");
    expect(page).toContain(`/t/${slug}/advocacy#reconsent-h`);
    expect(page).not.toContain('name="channel"');
  });

  it("shows what changed with the full new text, records the confirmation (audited), and then the member can share", async () => {
    const { member, headers } = await memberOnV1();

    const before = await (await fetch(advocacyPage(), { headers })).text();
    expect(before).toContain("Please confirm the updated consent text");
    expect(before).toContain('data-testid="consent-changes"');
    expect(before).toContain(html(consentText("en").changes!));
    // the full new text, including a point v1 did not have
    for (const point of consentText("en").sections.flatMap((s) => s.points))
      expect(before).toContain(html(point));
    expect(before).toContain("I agree to the updated text");

    const confirm = await post(advocacyPage(), headers, { intent: "reconsent" });
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain("You can share again");

    const consents = await consentsOf(member);
    expect(consents.map((c) => [c.consent_version, c.withdrawn_at === null, c.data_choice])).toEqual([
      [V1, false, "keep"],
      [CONSENT_VERSION, true, null],
    ]);
    const audit = await auditOf(member);
    expect(audit.map((a) => a.action)).toEqual(["advocacy.consent_renewed"]);
    expect(audit[0]!.actor_user_id).toBe(member.userId);
    expect(audit[0]!.data).toEqual({ fromVersion: V1, consentVersion: CONSENT_VERSION });

    // a second click (double submit) records nothing more
    expect((await post(advocacyPage(), headers, { intent: "reconsent" })).status).toBe(200);
    expect(await consentsOf(member)).toHaveLength(2);
    expect(await auditOf(member)).toHaveLength(1);

    const after = await (await fetch(advocacyPage(), { headers })).text();
    expect(after).not.toContain("Please confirm the updated consent text");
    expect(after).not.toContain('data-testid="consent-changes"');

    const res = await post(sharePage(), headers, shareForm);
    expect(res.status).toBe(200);
    expect(await sharesOf(member)).toHaveLength(1);
  });

  it("declining means leaving, as before: the consent is withdrawn with the data choice and sharing stays closed", async () => {
    const { member, headers } = await memberOnV1();
    const res = await post(advocacyPage(), headers, { intent: "leave", dataChoice: "keep" });
    expect(res.status).toBe(200);
    expect(
      (await consentsOf(member)).map((c) => [c.consent_version, c.withdrawn_at !== null, c.data_choice]),
    ).toEqual([[V1, true, "keep"]]);
    expect((await auditOf(member)).map((a) => a.action)).toEqual(["advocacy.left"]);
    const error = await withTenant(db, tenantId, (tx) => requireAdvocate(tx, member)).catch(
      (e: unknown) => e,
    );
    expect((error as AdvocateRequiredError).code).toBe("not_opted_in");
    // no longer in: the page offers joining (under the current text), not the confirmation
    const page = await (await fetch(advocacyPage(), { headers })).text();
    expect(page).not.toContain("I agree to the updated text");
    expect(page).not.toContain('data-testid="consent-changes"');
  });
});
