import { beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import type { Locale, Network, Role } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { ForbiddenError, ValidationError } from "~/app/lib/errors.ts";
import { acknowledgeGuidelines, publishGuidelines } from "~/app/modules/advocacy/guidelines.server.ts";
import { optIn } from "~/app/modules/advocacy/opt-in.server.ts";
import { getDisclosureLabels, sharesIncentivised } from "~/app/modules/advocacy/share-disclosure.server.ts";
import { saveDisclosureLabels } from "~/app/modules/advocacy/save-disclosure-labels.server.ts";
import { setShareDisclosure } from "~/app/modules/advocacy/set-share-disclosure.server.ts";
import { createPost } from "~/app/modules/content/create-post.server.ts";
import { loadPostFormOptions } from "~/app/modules/content/post-form-data.server.ts";
import { CreatePostInput, UpdatePostInput } from "~/app/modules/content/schemas.ts";
import { updatePost } from "~/app/modules/content/update-post.server.ts";
import { addRulesVersion } from "~/app/modules/recognition/rules-admin.server.ts";
import { DEFAULT_POINTS_RULES } from "~/app/modules/recognition/rules.ts";
import { createShare, type CreateShareInput } from "~/app/modules/sharing/create-share.server.ts";
import { loadSharePage } from "~/app/modules/sharing/share-page.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { sessionCookieName } from "~/app/modules/auth/cookie.server.ts";
import { createSession } from "~/app/modules/auth/session.server.ts";
import * as adminGuidelinesRoute from "~/app/routes/admin.guidelines.tsx";
import { createCompany, uniqueId, sessionCookie } from "~/tests/support/factories.ts";

/*
 * Disclosure labels per network and language (issue 13): resolved with the tenant's single
 * disclosure as the fallback, inserted into the share page's captions in the caption's language
 * (never twice), required in a share, and counted toward the network's length.
 */

process.env.APP_URL = "https://chorus.example.com";

let db: DB;
beforeAll(async () => {
  db = (await database()).db;
});

async function company({ fallback }: { fallback?: string } = {}) {
  const { tenant, member } = await createCompany(db);
  const person = (roles: Role[]) => member({ roles });
  const admin = await person(["admin"]);
  const { version } = await withTenant(db, tenant.id, (tx) =>
    publishGuidelines(tx, admin, { bodyDe: "Sei fair.", bodyEn: "Be fair." }),
  );
  if (fallback)
    await withTenant(db, admin.tenantId, (tx) => setShareDisclosure(tx, admin, tenant.id, fallback));
  const advocate = async () => {
    const m = await person(["employee"]);
    await withTenant(db, tenant.id, async (tx) => {
      await optIn(tx, m);
      await acknowledgeGuidelines(tx, m, version);
    });
    return m;
  };
  return { tenantId: tenant.id, tenantSlug: tenant.slug, admin, person, advocate };
}
type Company = Awaited<ReturnType<typeof company>>;

const labels = (c: Company, actor: Member, input: Record<string, string>) =>
  withTenant(db, c.tenantId, (tx) => saveDisclosureLabels(tx, actor, input));

async function postWith(
  c: Company,
  captions: { network: Network; language: Locale; text: string }[],
  kind: "link" | "text" = "link",
) {
  return withTenant(db, c.tenantId, async (tx) => {
    const post = await tx
      .insertInto("posts")
      .values({
        tenant_id: c.tenantId,
        slug: `p-${uniqueId()}`,
        kind,
        title: `Post ${uniqueId()}`,
        url: kind === "link" ? "https://firma.example/news?id=7" : null,
        status: "published",
        target_all: true,
        published_at: new Date(Date.now() - 86_400_000),
        updated_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const ids: string[] = [];
    for (const [position, caption] of captions.entries()) {
      const row = await tx
        .insertInto("captions")
        .values({
          tenant_id: c.tenantId,
          post_id: post.id,
          network: caption.network,
          language: caption.language,
          text: caption.text,
          position,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.push(row.id);
    }
    return { id: post.id, captionIds: ids };
  });
}

const page = async (m: Member, postId: string, locale: Locale = "de") => {
  const p = await withTenant(db, m.tenantId, (tx) => loadSharePage(tx, m, postId, { locale }));
  if (p.gate !== null) throw new Error(`gate ${p.gate}`);
  return p;
};

const share = (m: Member, input: Partial<CreateShareInput> & { postId: string }) =>
  withTenant(db, m.tenantId, (tx) =>
    createShare(tx, m, { network: "x", text: "Lesenswert!", channel: "intent", ...input }),
  );

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("disclosure labels: saving", () => {
  it("saves per network and language, clears an empty field, audits, and is for admins only", async () => {
    const c = await company();
    const lead = await c.person(["comms_lead"]);
    expect(await caught(labels(c, lead, { "x.de": "#Werbung" }))).toBeInstanceOf(ForbiddenError);

    await labels(c, c.admin, { "x.de": " #Werbung ", "x.en": "#ad", "linkedin.de": "#Mitarbeiter" });
    const saved = await withTenant(db, c.tenantId, (tx) => getDisclosureLabels(tx, c.tenantId));
    expect(saved.labels.map((l) => [l.network, l.language, l.label])).toEqual([
      ["linkedin", "de", "#Mitarbeiter"],
      ["x", "de", "#Werbung"],
      ["x", "en", "#ad"],
    ]);
    await labels(c, c.admin, { "x.de": "#Werbung", "linkedin.de": "" });
    const after = await withTenant(db, c.tenantId, (tx) => getDisclosureLabels(tx, c.tenantId));
    expect(after.labels.map((l) => [l.network, l.language, l.label])).toEqual([["x", "de", "#Werbung"]]);
    const audit = await withTenant(db, c.tenantId, (tx) =>
      tx
        .selectFrom("audit_events")
        .select("action")
        .where("tenant_id", "=", c.tenantId)
        .where("action", "=", "tenant.disclosure_labels_set")
        .execute(),
    );
    expect(audit).toHaveLength(2);

    const error = await caught(labels(c, c.admin, { "x.de": "#".repeat(41) }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fieldErrors)).toEqual(["x.de"]);
    // hostile labels: NUL, invisible, bidi override, two lines, no letter at all
    for (const label of ["#Wer\0bung", "\u200B", "#ad\u200B", "\u202E#ad", "#Wer\nbung", "###"]) {
      const refused = await caught(labels(c, c.admin, { "x.en": label }));
      expect(Object.keys((refused as ValidationError).fieldErrors), JSON.stringify(label)).toEqual(["x.en"]);
    }
    // HTML is text like any other: stored as typed, escaped where shown
    await labels(c, c.admin, { "x.en": "<b>#ad</b>" });
    expect(
      (await withTenant(db, c.tenantId, (tx) => getDisclosureLabels(tx, c.tenantId))).labels.find(
        (l) => l.language === "en",
      )?.label,
    ).toBe("<b>#ad</b>");
  });

  it("knows when shares are rewarded (the #Werbung suggestion)", async () => {
    const c = await company();
    expect(await withTenant(db, c.tenantId, (tx) => sharesIncentivised(tx, c.tenantId))).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    // a tenant-local day: Berlin is at most 2 hours ahead of UTC, so take tomorrow to be safe
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await withTenant(db, c.tenantId, (tx) =>
      addRulesVersion(tx, c.admin, {
        effectiveFrom: tomorrow,
        rules: { ...DEFAULT_POINTS_RULES, perShare: 0, perUniqueClick: 0 },
      }),
    );
    expect(
      await withTenant(db, c.tenantId, (tx) =>
        sharesIncentivised(tx, c.tenantId, new Date(`${tomorrow}T12:00:00Z`)),
      ),
    ).toBe(false);
    expect(
      await withTenant(db, c.tenantId, (tx) =>
        sharesIncentivised(tx, c.tenantId, new Date(`${today}T00:30:00Z`)),
      ),
    ).toBe(true);
  });

  it("counts shares as rewarded when they count toward a goal agreement in force, even with points at zero", async () => {
    const c = await company();
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await withTenant(db, c.tenantId, (tx) =>
      addRulesVersion(tx, c.admin, {
        effectiveFrom: tomorrow,
        rules: { ...DEFAULT_POINTS_RULES, perShare: 0, perUniqueClick: 0 },
      }),
    );
    const incentivised = () =>
      withTenant(db, c.tenantId, (tx) =>
        sharesIncentivised(tx, c.tenantId, new Date(`${tomorrow}T12:00:00Z`)),
      );
    expect(await incentivised()).toBe(false);
    const manager = await c.person(["manager", "employee"]);
    const agreement = async (metric: "training_completed" | "shares", status: "proposed" | "accepted") => {
      const employee = await c.person(["employee"]);
      await withTenant(db, c.tenantId, async (tx) => {
        const a = await tx
          .insertInto("goal_agreements")
          .values({
            tenant_id: c.tenantId,
            employee_id: employee.id,
            manager_id: manager.id,
            period_kind: "quarter",
            period_label: "2026-Q4",
            starts_on: "2026-10-01",
            ends_on: "2026-12-31",
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await tx
          .insertInto("goal_objectives")
          .values({
            tenant_id: c.tenantId,
            agreement_id: a.id,
            position: 1,
            metric,
            title: "Ziel",
            target: "10",
            weight: 100,
          })
          .execute();
        if (status === "accepted")
          await tx
            .updateTable("goal_agreements")
            .set({ status, accepted_at: new Date(), attainment_cap_percent: 100 })
            .where("id", "=", a.id)
            .execute();
      });
    };
    // a proposal is no incentive yet, an objective on training none at all
    await agreement("shares", "proposed");
    expect(await incentivised()).toBe(false);
    await agreement("training_completed", "accepted");
    expect(await incentivised()).toBe(false);
    // an accepted objective on shares is
    await agreement("shares", "accepted");
    expect(await incentivised()).toBe(true);
  });
});

describe("disclosure labels: the admin page", () => {
  async function post(c: Company, fields: Record<string, string>) {
    const { token } = await createSession(db, c.admin.userId);
    const request = new Request(`http://localhost/t/${c.tenantSlug}/admin/guidelines`, {
      method: "POST",
      headers: { Cookie: `${sessionCookieName()}=${encodeURIComponent(token)}` },
      body: new URLSearchParams(fields),
    });
    return adminGuidelinesRoute.action({ request, params: { tenant: c.tenantSlug }, context: {} } as never);
  }
  const saved = (c: Company) =>
    withTenant(db, c.tenantId, async (tx) =>
      Object.fromEntries(
        (await getDisclosureLabels(tx, c.tenantId)).labels.map((l) => [
          `${l.network}.${l.language}`,
          l.label,
        ]),
      ),
    );

  it("saves the table, and fills empty fields with the suggestion (#Werbung/#ad: shares earn points by default) keeping what was typed", async () => {
    const c = await company();
    await post(c, { intent: "labels", "x.de": "#Anzeige", "linkedin.en": "" });
    expect(await saved(c)).toEqual({ "x.de": "#Anzeige" });
    await post(c, { intent: "suggest", "x.de": "#Anzeige", "linkedin.en": "#employee" });
    const all = await saved(c);
    expect(Object.keys(all)).toHaveLength(14);
    expect(all).toMatchObject({
      "x.de": "#Anzeige",
      "linkedin.en": "#employee",
      "linkedin.de": "#Werbung",
      "threads.en": "#ad",
    });
    const loaded = (await adminGuidelinesRoute.loader({
      request: new Request(`http://localhost/t/${c.tenantSlug}/admin/guidelines`, {
        headers: {
          Cookie: await sessionCookie(db, c.admin.userId),
        },
      }),
      params: { tenant: c.tenantSlug },
      context: {},
    } as never)) as { incentivised: boolean; labels: unknown[] };
    expect(loaded.incentivised).toBe(true);
    expect(loaded.labels).toHaveLength(14);
  });
});

describe("disclosure labels: the share page and createShare", () => {
  it("inserts each caption's own network and language label, with the tenant's disclosure as the fallback", async () => {
    const c = await company({ fallback: "#firma" });
    await labels(c, c.admin, { "x.de": "#Werbung", "x.en": "#ad", "linkedin.en": "#employee" });
    const m = await c.advocate();
    const post = await postWith(c, [
      { network: "x", language: "de", text: "Unser Sommerfest" },
      { network: "x", language: "en", text: "Our summer party" },
      { network: "linkedin", language: "de", text: "Sommerfest auf LinkedIn" },
      { network: "linkedin", language: "en", text: "Summer party on LinkedIn" },
    ]);
    const p = await page(m, post.id);
    expect(p.captions.map((x) => [x.network, x.language, x.text]).sort()).toEqual(
      [
        ["linkedin", "de", "Sommerfest auf LinkedIn #firma"],
        ["linkedin", "en", "Summer party on LinkedIn #employee"],
        ["x", "de", "Unser Sommerfest #Werbung"],
        ["x", "en", "Our summer party #ad"],
      ].sort(),
    );
    expect(p.disclosures.x).toEqual({ de: "#Werbung", en: "#ad" });
    expect(p.disclosures.bluesky).toEqual({ de: "#firma", en: "#firma" });
    expect(p.incentivised).toBe(true);
  });

  it("never inserts a label twice: a caption that carries it in any case is left as it is", async () => {
    const c = await company();
    await labels(c, c.admin, { "x.de": "#Werbung" });
    const m = await c.advocate();
    const post = await postWith(c, [
      { network: "x", language: "de", text: "Sommerfest #werbung" },
      { network: "x", language: "de", text: "#WERBUNG Sommerfest" },
    ]);
    const p = await page(m, post.id);
    expect(p.captions.map((x) => x.text)).toEqual(["Sommerfest #werbung", "#WERBUNG Sommerfest"]);
  });

  it("no label anywhere: captions stay as written and any text may be shared", async () => {
    const c = await company();
    const m = await c.advocate();
    const post = await postWith(c, [{ network: "x", language: "de", text: "Sommerfest" }]);
    const p = await page(m, post.id);
    expect(p.captions[0]!.text).toBe("Sommerfest");
    expect(p.disclosures.x).toEqual({ de: null, en: null });
    await share(m, { postId: post.id, text: "Sommerfest" });
  });

  it("createShare requires the label of the caption's language, and for own words the chosen one (or either)", async () => {
    const c = await company();
    await labels(c, c.admin, { "x.de": "#Werbung", "x.en": "#ad" });
    const m = await c.advocate();
    const post = await postWith(c, [
      { network: "x", language: "de", text: "Sommerfest" },
      { network: "x", language: "en", text: "Summer party" },
    ]);
    const [de, en] = post.captionIds;
    // the German caption with the English label: the caption's language decides
    const wrong = await caught(share(m, { postId: post.id, captionId: de, text: "Sommerfest #ad" }));
    expect((wrong as ValidationError).fieldErrors).toEqual({ text: ["disclosure_required"] });
    // …even when the form claims another language
    expect(
      await caught(share(m, { postId: post.id, captionId: de, language: "en", text: "Sommerfest #ad" })),
    ).toBeInstanceOf(ValidationError);
    await share(m, { postId: post.id, captionId: de, text: "Sommerfest #werbung" });
    await share(m, { postId: post.id, captionId: en, text: "Summer party #AD" });
    // own words in English: the English label
    expect(
      await caught(share(m, { postId: post.id, language: "en", text: "My words #Werbung" })),
    ).toBeInstanceOf(ValidationError);
    await share(m, { postId: post.id, language: "en", text: "My words #ad" });
    // own words, language not said: either of the network's labels
    await share(m, { postId: post.id, text: "Meine Worte #Werbung" });
    expect(await caught(share(m, { postId: post.id, text: "Meine Worte ohne" }))).toBeInstanceOf(
      ValidationError,
    );
  });

  it("counts the label toward the network's length (X: 280 with the link as 23)", async () => {
    const c = await company();
    await labels(c, c.admin, { "x.de": "#Werbung" });
    const m = await c.advocate();
    const body = "a".repeat(246);
    // 246 + " #Werbung" (9) = 255, + 2 line breaks + 23 for the link = 280: just fits
    const post = await postWith(c, [{ network: "x", language: "de", text: body }]);
    const p = await page(m, post.id);
    expect(p.captions[0]!.text).toBe(`${body} #Werbung`);
    await share(m, { postId: post.id, captionId: post.captionIds[0], text: p.captions[0]!.text });
    // one character more, and the label pushes it over
    const longer = await postWith(c, [{ network: "x", language: "de", text: `${body}a` }]);
    const q = await page(m, longer.id);
    const error = await caught(
      share(m, { postId: longer.id, captionId: longer.captionIds[0], text: q.captions[0]!.text }),
    );
    expect((error as ValidationError).fieldErrors).toEqual({ text: ["too_long_for_network"] });
  });
});

describe("disclosure labels: attacks and the comms lead's captions", () => {
  it("createShare refuses a label hidden inside another word or spelt with lookalike letters", async () => {
    const c = await company();
    await labels(c, c.admin, { "x.de": "#Werbung", "x.en": "#ad" });
    const m = await c.advocate();
    const post = await postWith(c, [{ network: "x", language: "de", text: "Sommerfest" }]);
    const de = post.captionIds[0];
    for (const text of [
      "Sommerfest #Werbungsfrei",
      "Sommerfest #Werbung_frei",
      "Sommerfest #Wer\u200Bbung",
      "Sommerfest #W\u0435rbung",
      "Sommerfest Werbung",
    ]) {
      const error = await caught(share(m, { postId: post.id, captionId: de, text }));
      expect((error as ValidationError).fieldErrors, text).toEqual({ text: ["disclosure_required"] });
    }
    // own words in English: "#adventure" is another hashtag, not "#ad"
    expect(
      await caught(share(m, { postId: post.id, language: "en", text: "Our #adventure" })),
    ).toBeInstanceOf(ValidationError);
    await share(m, { postId: post.id, language: "en", text: "Our adventure #ad!" });
    // the share page appends the label to a caption that only seems to carry it
    const seeming = await postWith(c, [{ network: "x", language: "de", text: "Sommerfest #Werbungsfrei" }]);
    expect((await page(m, seeming.id)).captions[0]!.text).toBe("Sommerfest #Werbungsfrei #Werbung");
  });

  it("a comms lead's caption must fit its network with the label the share page appends (create, edit, form counter)", async () => {
    const c = await company();
    await labels(c, c.admin, { "x.de": "#Werbung" });
    const lead = await c.person(["comms_lead", "employee"]);
    const input = (text: string) =>
      CreatePostInput.parse({
        title: `Post ${uniqueId()}`,
        body: "",
        captions: [{ network: "x", language: "de", text }],
      });
    // 280 characters fit X, but with " #Werbung" appended they would be 289
    const tooLong = await caught(
      withTenant(db, c.tenantId, (tx) => createPost(tx, lead, input("a".repeat(280)))),
    );
    expect((tooLong as ValidationError).fieldErrors).toEqual({
      "captions[0].text": ["captionTooLongWithLabel"],
    });
    // 271 + 9 = 280: fits; a caption already carrying the label is counted once
    const created = await withTenant(db, c.tenantId, (tx) => createPost(tx, lead, input("a".repeat(271))));
    await withTenant(db, c.tenantId, (tx) => createPost(tx, lead, input(`${"a".repeat(271)} #werbung`)));
    // English captions on X have no label here (no fallback): 280 fit
    await withTenant(db, c.tenantId, (tx) =>
      createPost(
        tx,
        lead,
        CreatePostInput.parse({
          title: `Post ${uniqueId()}`,
          body: "",
          captions: [{ network: "x", language: "en", text: "a".repeat(280) }],
        }),
      ),
    );
    // editing is checked too
    const edit = await caught(
      withTenant(db, c.tenantId, (tx) =>
        updatePost(
          tx,
          lead,
          UpdatePostInput.parse({
            postId: created.id,
            title: "Neu",
            body: "",
            captions: [{ network: "x", language: "de", text: "b".repeat(275) }],
          }),
        ),
      ),
    );
    expect((edit as ValidationError).fieldErrors).toEqual({
      "captions[0].text": ["captionTooLongWithLabel"],
    });
    // the editor's counter gets the labels
    const options = await withTenant(db, c.tenantId, (tx) => loadPostFormOptions(tx, c.tenantId));
    expect(options.disclosures.x).toEqual({ de: "#Werbung", en: null });
  });
});
