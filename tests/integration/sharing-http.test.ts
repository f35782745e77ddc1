import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { optIn } from "~/app/modules/advocacy/opt-in.server.ts";
import { createPerson, createTenant, sessionCookie, uniqueId } from "~/tests/support/factories.ts";
import { startAppServer, type AppServer } from "~/tests/support/app-server.ts";

// The share page through the real server and build, without JavaScript: a plain form post must
// record the share and answer with the network's page as a link to click.
let server: AppServer;
let base: string;
let db: DB;
let slug: string;
let postId: string;
let cookieIn: string;
let cookieOut: string;
/** the post's captions by text */
let captionIds: Record<string, string>;

beforeAll(async () => {
  server = await startAppServer();
  base = server.base;

  db = (await database()).db;
  const tenant = await createTenant(db);
  slug = tenant.slug;
  const person = async () => {
    const { user, member } = await createPerson(db, tenant.id);
    return { member, cookie: await sessionCookie(db, user.id) };
  };
  const advocate = await person();
  await withTenant(db, tenant.id, (tx) => optIn(tx, advocate.member));
  cookieIn = advocate.cookie;
  cookieOut = (await person()).cookie;
  postId = await withTenant(db, tenant.id, async (tx) => {
    const post = await tx
      .insertInto("posts")
      .values({
        tenant_id: tenant.id,
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
    const captions = await tx
      .insertInto("captions")
      .values(
        [
          { network: "x" as const, text: "Kommt alle zum Sommerfest!" },
          { network: "x" as const, text: "Sommerfest: wir sehen uns!" },
          { network: "linkedin" as const, text: "Unser Sommerfest auf LinkedIn" },
        ].map((c, position) => ({
          tenant_id: tenant.id,
          post_id: post.id,
          language: "de" as const,
          position,
          ...c,
        })),
      )
      .returning(["id", "text"])
      .execute();
    captionIds = Object.fromEntries(captions.map((c) => [c.text, c.id]));
    return post.id;
  });
});

afterAll(async () => {
  await server?.close();
});

const page = () => `${base}/t/${slug}/hub/${postId}/share`;

describe("share page over HTTP", () => {
  it("explains the way in to a member outside the programme, with no form to share", async () => {
    const res = await fetch(page(), { headers: { Cookie: cookieOut } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`/t/${slug}/advocacy`);
    expect(html).toContain(`/t/${slug}/guidelines`);
    expect(html).not.toContain('name="channel"');
  });

  it("shows the caption prefilled and shares to X with a plain form post", async () => {
    const form = await fetch(page(), { headers: { Cookie: cookieIn } });
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain("Kommt alle zum Sommerfest!");
    expect(html).toContain('name="channel"');

    const res = await fetch(page(), {
      method: "POST",
      headers: { Cookie: cookieIn, Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        network: "x",
        text: "Kommt alle zum Sommerfest! Ich bin dabei.",
        channel: "intent",
      }).toString(),
    });
    expect(res.status).toBe(200);
    const result = await res.text();
    const link = /href="(https:\/\/x\.com\/intent\/tweet\?[^"]+)"/.exec(result)?.[1];
    expect(link, "the intent link is on the page").toBeDefined();
    const intent = new URL(link!.replaceAll("&amp;", "&"));
    expect(intent.searchParams.get("text")).toBe("Kommt alle zum Sommerfest! Ich bin dabei.");
    expect(intent.searchParams.get("url")).toMatch(new RegExp(`^${base}/s/[A-Za-z0-9]{10}$`));

    const mine = await (await fetch(`${base}/t/${slug}/shares`, { headers: { Cookie: cookieIn } })).text();
    expect(mine).toContain("Sommerfest 2026");
  });

  it("preselects the network and the caption a Teams card or Slack message links to, and ignores a bad id", async () => {
    const open = async (query: string) => {
      const res = await fetch(`${page()}?${query}`, { headers: { Cookie: cookieIn } });
      expect(res.status).toBe(200);
      const html = await res.text();
      const checked = [...html.matchAll(/<input type="radio"[^>]*>/g)]
        .map(([input]) => input)
        .filter((input) => / checked=""/.test(input))
        .map((input) => /value="([^"]*)"/.exec(input)?.[1]);
      const text = /<textarea[^>]*>([^<]*)<\/textarea>/.exec(html)?.[1];
      return { checked, text };
    };
    const second = captionIds["Sommerfest: wir sehen uns!"]!;
    // the second X variant: X and that caption are chosen, its text is in the box
    expect(await open(`network=x&caption=${second}`)).toEqual({
      checked: ["x", second],
      text: "Sommerfest: wir sehen uns!",
    });
    // an X caption asked for with LinkedIn: LinkedIn with its own caption, no error
    expect(await open(`network=linkedin&caption=${second}`)).toEqual({
      checked: ["linkedin", captionIds["Unser Sommerfest auf LinkedIn"]],
      text: "Unser Sommerfest auf LinkedIn",
    });
    // malformed or unknown: ignored, the network's first caption as without it
    const first = {
      checked: ["x", captionIds["Kommt alle zum Sommerfest!"]],
      text: "Kommt alle zum Sommerfest!",
    };
    expect(await open("network=x&caption=not-a-uuid")).toEqual(first);
    expect(await open("network=x&caption=00000000-0000-4000-8000-000000000000")).toEqual(first);
    expect(await open(`network=x&caption=${second}%27%3Cscript%3E`)).toEqual(first);
  });

  it("answers 404, not a server error, for a post id that is not one", async () => {
    const res = await fetch(`${base}/t/${slug}/hub/not-a-post/share`, { headers: { Cookie: cookieIn } });
    expect(res.status).toBe(404);
  });
});
