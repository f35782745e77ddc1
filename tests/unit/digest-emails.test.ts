import { describe, expect, it } from "vitest";
import { renderEmail } from "~/emails/render.ts";
import { SendEmailPayload } from "~/jobs/contracts/send-email.ts";
import { digestWeek } from "~/app/modules/reach/digest.server.ts";

const formal = /\b(Sie|Ihr|Ihre|Ihnen)\b/;
/** The words of the email without its links, which may contain words of either language. */
const prose = (text: string) => text.replace(/https?:\/\/\S+/g, "");
const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);

const base = "https://chorus.example.com/t/acme";
const advocate = {
  tenantName: "Acme GmbH",
  weekStart: "2026-11-16",
  weekEnd: "2026-11-22",
  hubUrl: `${base}/hub`,
  impactUrl: `${base}/impact`,
  settingsUrl: `${base}/advocacy`,
  posts: [{ title: "Neuer Standort <Leipzig>", url: `${base}/hub/p1/share?x=1&y=2` }],
  morePosts: 0,
  figures: { shares: 3, clicks: 1234, impressionsEstimated: 1800, impressionsMeasured: 0 },
};
const programme = {
  tenantName: "Acme GmbH",
  weekStart: "2026-11-16",
  weekEnd: "2026-11-22",
  analyticsUrl: `${base}/analytics`,
  escalationsUrl: `${base}/escalations`,
  settingsUrl: `${base}/advocacy`,
  totals: {
    shares: 42,
    clicks: 380,
    impressionsEstimated: 21000,
    impressionsMeasured: 5400,
    earnedMedia: 654.4,
    currency: "EUR",
  },
  participation: { sharers: 17, optedIn: 40 },
  minGroupSize: 5,
  newPosts: 1,
  topPosts: [{ title: "Ausbildungsstart", shares: 9, clicks: 95 }],
  openEscalations: 0,
};

describe("weekly-digest email", () => {
  it("is German in the du form: the week, new posts as links, the figures, and how to turn it off", async () => {
    const mail = await renderEmail("weekly-digest", "de", advocate);
    expect(mail.subject).toBe("Deine Woche bei Acme GmbH");
    expect(mail.html).toContain('lang="de"');
    expect(mail.text).toContain("Woche vom 16.–22. November 2026");
    expect(mail.text).toContain("Geteilt: 3");
    expect(mail.text).toContain("Klicks auf deine Links: 1.234");
    expect(mail.text).toContain("Geschätzte Impressionen: 1.800");
    // no measured figures: no line claiming some
    expect(mail.text).not.toContain("Gemessene Impressionen");
    expect(mail.text).toContain(`Abbestellen kannst du ihn auf deiner Programmseite: ${base}/advocacy`);
    expect(hrefs(mail.html)).toContain(`${base}/hub/p1/share?x=1&amp;y=2`);
    // the title is text, escaped
    expect(mail.html).toContain("Neuer Standort &lt;Leipzig&gt;");
    expect(mail.text).not.toMatch(formal);
    expect(prose(mail.text)).not.toMatch(/\b(shares|clicks|week|digest)\b/i);
  });

  it("is English, and says so when there was nothing new and nothing shared", async () => {
    const mail = await renderEmail("weekly-digest", "en", {
      ...advocate,
      posts: [],
      figures: { shares: 0, clicks: 0, impressionsEstimated: 0, impressionsMeasured: 0 },
    });
    expect(mail.subject).toBe("Your week at Acme GmbH");
    expect(mail.text).toContain("There were no new posts for you this week.");
    expect(mail.text).toContain("You did not share anything this week.");
    expect(mail.text).toContain(`Turn it off on your programme page: ${base}/advocacy`);
    expect(prose(mail.text)).not.toMatch(/\b(Woche|Beiträge|geteilt|dich|du)\b/i);
  });

  it("mentions posts beyond the list", async () => {
    const mail = await renderEmail("weekly-digest", "en", { ...advocate, morePosts: 7 });
    expect(mail.text).toContain("… and 7 more in the hub.");
  });
});

describe("programme-digest email", () => {
  it("is German in the du form with totals, participation, top posts and escalations", async () => {
    const mail = await renderEmail("programme-digest", "de", { ...programme, openEscalations: 2 });
    expect(mail.subject).toBe("Die Programmwoche bei Acme GmbH");
    expect(mail.text).toContain("Teilungen: 42");
    expect(mail.text).toContain("Geschätzte Impressionen: 21.000");
    expect(mail.text).toContain("Gemessene Impressionen (vom Netzwerk gemeldet): 5.400");
    expect(mail.text).toMatch(/Earned-Media-Wert \(aus geschätzten und gemessenen Impressionen\): 654,40\s€/);
    expect(mail.text).toContain("17 von 40 Teilnehmenden haben mindestens einmal geteilt (43 %).");
    expect(mail.text).toContain("1 neuer Beitrag wurde veröffentlicht.");
    expect(mail.text).toContain("1. Ausbildungsstart — 9 Teilungen, 95 Klicks");
    expect(mail.text).toContain(`2 gemeldete Diskussionen sind offen: ${base}/escalations`);
    expect(mail.text).toContain(`${base}/advocacy`);
    expect(mail.text).not.toMatch(formal);
  });

  it("is English; no escalations, no link to them; no participants, no division by zero", async () => {
    const mail = await renderEmail("programme-digest", "en", {
      ...programme,
      participation: { sharers: 0, optedIn: 0 },
      topPosts: [],
    });
    expect(mail.subject).toBe("The programme's week at Acme GmbH");
    expect(mail.text).toContain("Earned media value (from estimated and measured impressions): €654.40");
    expect(mail.text).toContain("0 of 0 participants shared at least once (0%).");
    expect(mail.text).toContain("Nothing was shared this week.");
    expect(mail.text).toContain("No open escalations.");
    expect(hrefs(mail.html)).not.toContain(`${base}/escalations`);
    expect(prose(mail.text)).not.toMatch(/\b(Woche|Teilungen|Beteiligung|dich|du)\b/i);
  });

  it("holds the programme's figures back when the programme is smaller than the minimum group", async () => {
    const mail = await renderEmail("programme-digest", "de", {
      ...programme,
      totals: null,
      participation: null,
      topPosts: [],
    });
    expect(mail.text).toContain(
      "Zu wenige Personen für eine Anzeige: Weniger als 5 Personen sind im Programm oder stehen hinter den Zahlen dieser Woche",
    );
    expect(mail.text).not.toContain("Beteiligung");
    expect(mail.text).not.toContain("654,40");
  });

  it("refuses non-http(s) links and negative figures in the job payload", () => {
    const envelope = { to: "lead@example.com", locale: "de", idempotencyKey: "k" } as const;
    expect(
      SendEmailPayload.safeParse({ ...envelope, template: "programme-digest", props: programme }).success,
    ).toBe(true);
    expect(
      SendEmailPayload.safeParse({
        ...envelope,
        template: "programme-digest",
        props: { ...programme, analyticsUrl: "javascript:alert(1)" },
      }).success,
    ).toBe(false);
    expect(
      SendEmailPayload.safeParse({ ...envelope, template: "weekly-digest", props: advocate }).success,
    ).toBe(true);
    expect(
      SendEmailPayload.safeParse({
        ...envelope,
        template: "weekly-digest",
        props: { ...advocate, posts: [{ title: "x", url: "javascript:alert(1)" }] },
      }).success,
    ).toBe(false);
    expect(
      SendEmailPayload.safeParse({
        ...envelope,
        template: "weekly-digest",
        props: { ...advocate, figures: { ...advocate.figures, clicks: -1 } },
      }).success,
    ).toBe(false);
  });
});

describe("digestWeek", () => {
  it("is due from Monday 08:00 tenant-local until Sunday night, for the week that just ended", () => {
    const berlin = "Europe/Berlin";
    expect(digestWeek(new Date("2026-11-23T06:59:59Z"), berlin)).toBeNull();
    expect(digestWeek(new Date("2026-11-23T07:00:00Z"), berlin)).toEqual({
      weekStart: "2026-11-16",
      weekEnd: "2026-11-22",
      from: new Date("2026-11-15T23:00:00Z"),
      to: new Date("2026-11-22T23:00:00Z"),
    });
    // Sunday 23:59 Berlin: still the same week's window
    expect(digestWeek(new Date("2026-11-29T22:59:00Z"), berlin)?.weekStart).toBe("2026-11-16");
    // Monday 00:30 Berlin: the old window has closed, the new one has not opened
    expect(digestWeek(new Date("2026-11-29T23:30:00Z"), berlin)).toBeNull();
  });

  it("spans a daylight saving change with the right instants", () => {
    // Berlin leaves summer time on Sunday 25 October 2026: that week has 169 hours
    const week = digestWeek(new Date("2026-10-26T09:00:00Z"), "Europe/Berlin");
    expect(week).toMatchObject({ weekStart: "2026-10-19", weekEnd: "2026-10-25" });
    expect(week?.from.toISOString()).toBe("2026-10-18T22:00:00.000Z");
    expect(week?.to.toISOString()).toBe("2026-10-25T23:00:00.000Z");
  });

  it("goes by the tenant's zone, not the server's", () => {
    // 04:00 UTC on Monday is already 13:00 in Tokyo, but still Sunday 23:00 in New York
    const now = new Date("2026-11-23T04:00:00Z");
    expect(digestWeek(now, "Asia/Tokyo")?.weekStart).toBe("2026-11-16");
    expect(digestWeek(now, "America/New_York")?.weekStart).toBe("2026-11-09");
  });
});
