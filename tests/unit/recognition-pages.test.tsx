import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub, Outlet } from "react-router";
import { describe, expect, it } from "vitest";
import { createI18n } from "~/app/lib/i18n/resources.ts";
import { DEFAULT_POINTS_RULES } from "~/app/modules/recognition/rules.ts";
import AdminRecognitionPage from "~/app/routes/admin.recognition.tsx";
import KudosPage from "~/app/routes/kudos.tsx";
import LeaderboardPage from "~/app/routes/leaderboard.tsx";
import RecognitionPage from "~/app/routes/recognition.tsx";

// The pages rendered on the server with loader data as the loaders return it: every text is
// translated (no raw keys), and the figures and computations show as a member reads them.

const tenantData = {
  tenant: { id: "t", slug: "acme", name: "Acme", defaultLocale: "de", timeZone: "Europe/Berlin" },
  member: { id: "m1", name: "Anna", roles: ["employee"] },
  permissions: [],
  otherTenants: false,
  billing: null,
};

function render(
  Component: React.ComponentType<never>,
  loaderData: unknown,
  locale: "de" | "en" = "de",
  path = "/t/acme/page",
): string {
  const Stub = createRoutesStub([
    {
      id: "routes/tenant",
      path: "/t/:tenant",
      loader: () => tenantData,
      Component: () => <Outlet />,
      children: [{ id: "page", path: "page", Component: Component as never, loader: () => loaderData }],
    },
  ]);
  return renderToString(
    <I18nextProvider i18n={createI18n(locale)}>
      <Stub
        initialEntries={[path]}
        hydrationData={{ loaderData: { "routes/tenant": tenantData, page: loaderData } }}
      />
    </I18nextProvider>,
  );
}

const rawKey = /recognition\.[a-zA-Z_.]+/;

describe("recognition pages render", () => {
  const mine = {
    quarter: { from: "2026-10-01", to: "2026-12-31", points: 82.5 },
    allTimePoints: 1234.75,
    entries: [
      {
        date: "2026-09-04",
        sourceType: "unique_clicks",
        sourceId: "s1:2026-09-04",
        points: 30,
        detail: {
          shareId: "s1",
          uniqueClicks: 15,
          counted: 10,
          cap: 10,
          perUniqueClick: 2,
          followers: 100,
          factor: 1.5,
          rulesVersion: "r1",
          rulesEffectiveFrom: "2026-09-01",
        },
        postTitle: "Neuer Standort",
        network: "linkedin",
      },
      {
        date: "2026-09-02",
        sourceType: "guidelines_training",
        sourceId: "m:guidelines:v1",
        points: 15,
        detail: { kind: "guidelines", version: 1, rulesVersion: "default", rulesEffectiveFrom: null },
        postTitle: null,
        network: null,
      },
      // a repeat of a post earns 0 and says why, not a bare "+0"
      {
        date: "2026-09-01",
        sourceType: "share",
        sourceId: "s2",
        points: 0,
        detail: {
          shareId: "s2",
          postId: "p",
          network: "linkedin",
          counted: false,
          verified: false,
          reason: "repeat_share",
          points: 0,
          rulesVersion: "default",
          rulesEffectiveFrom: null,
        },
        postTitle: "Neuer Standort",
        network: "linkedin",
      },
      {
        date: "2026-08-31",
        sourceType: "share",
        sourceId: "s1",
        points: 5,
        detail: {
          shareId: "s1",
          postId: "p",
          network: "linkedin",
          counted: true,
          verified: true,
          points: 5,
          rulesVersion: "default",
          rulesEffectiveFrom: null,
        },
        postTitle: "Neuer Standort",
        network: "linkedin",
      },
    ],
    badges: [{ badge: "first_share", awardedAt: new Date("2026-09-04T10:00:00Z") }],
    kudos: [{ id: "k1", name: null, reason: "Danke!", createdAt: new Date("2026-09-05T10:00:00Z") }],
    preferences: { leaderboardOptIn: true, kudosInDigest: false, autoReleaseConsent: false },
    releaseMode: "employee",
    tenantSlug: "acme",
    timeZone: "Europe/Berlin",
    freshness: { points: "14:05", settleDays: 2 },
  };

  it("shows my points, how each entry was computed, badges, kudos and my choices", () => {
    const html = render(RecognitionPage as never, mine);
    expect(html).not.toMatch(rawKey);
    expect(html).toContain("1.234,75");
    expect(html).toContain("Eindeutige Klicks: Neuer Standort");
    expect(html).toContain(
      "15 eindeutige Klicks, 10 gezählt (Obergrenze 10) × 2 × Netzwerkfaktor 1,5 (100 Follower) (Regeln ab 01.09.2026)",
    );
    expect(html).toContain("Leitlinien Version 1 bestätigt: 15 Punkte pro Aktivität (Standardregeln)");
    expect(html).toContain(
      "Wiederholung: Dieser Beitrag wurde in diesem Netzwerk schon geteilt; nur das erste Teilen zählt (selbst gemeldet geteilt) (Standardregeln)",
    );
    expect(html).toContain("bestätigt geteilt: 5 Punkte pro Aktivität (Standardregeln)");
    expect(render(RecognitionPage as never, mine, "en")).toContain(
      "Repeat: this post was already shared on this network; only the first share counts (self-reported share)",
    );
    expect(html).toContain("Erster geteilter Beitrag");
    expect(html).toContain("einer ehemaligen Kollegin oder einem ehemaligen Kollegen");
    expect(html).toMatch(/id="leaderboardOptIn"[^>]*checked/);
    expect(html).toContain("diese Einstellung wirkt sich also im Moment nicht aus");
    expect(render(RecognitionPage as never, mine, "en")).not.toMatch(rawKey);
    // how fresh the points are (issue 11), the same words as on every page
    expect(html).toContain("Punkte, Stand: 14:05. Klickpunkte stehen nach 2 Tagen fest.");
  });

  it("the leaderboard: ranked, too few, and the note for someone who has not opted in", () => {
    const base = {
      teams: [{ id: "00000000-0000-4000-8000-000000000001", name: "Vertrieb" }],
      query: { period: "this_quarter" },
      range: { from: "2026-10-01", to: "2026-12-31" },
      tenantSlug: "acme",
      freshness: { points: "14:05", settleDays: 2 },
    };
    const ranked = render(LeaderboardPage as never, {
      ...base,
      viewerOptedIn: false,
      result: {
        kind: "ranked",
        rows: [{ rank: 1, membershipId: "a", name: "Anna", teamName: "Vertrieb", points: 82, isMe: false }],
      },
    });
    expect(ranked).not.toMatch(rawKey);
    expect(ranked).toContain("Anna");
    expect(ranked).toContain("Du bist nicht in der Bestenliste");
    expect(ranked).toContain('href="/t/acme/recognition#choices"');
    const tooFew = render(
      LeaderboardPage as never,
      { ...base, viewerOptedIn: true, result: { kind: "too_few", minGroupSize: 5 } },
      "en",
    );
    expect(tooFew).toContain("Too few people to show");
    expect(tooFew).not.toContain("You are not on the leaderboard");
    expect(tooFew).toContain("Points as of 14:05. Click points settle after 2 days.");
  });

  it("kudos and the points rules page", () => {
    const kudos = render(KudosPage as never, { recipients: [{ id: "b", name: "Ben" }], given: [] });
    expect(kudos).not.toMatch(rawKey);
    expect(kudos).toContain("Ben");
    const rules = { id: "default", effectiveFrom: "2026-11-25", rules: DEFAULT_POINTS_RULES };
    const admin = render(AdminRecognitionPage as never, {
      today: "2026-11-25",
      current: rules,
      upcoming: [{ ...rules, id: "r2", effectiveFrom: "2026-12-01" }],
      past: [],
      formDefaults: {
        effectiveFrom: "2026-11-25",
        perShare: "5",
        perUniqueClick: "1",
        uniqueClickCapPerShareDay: "20",
        perApprovedSuggestion: "10",
        perGuidelinesTraining: "10",
        perHandledEscalation: "5",
        referenceFollowers: "1000",
        followerFloor: "10",
        minFactor: "0.5",
        maxFactor: "2",
      },
      settings: {
        attainmentCapPercent: "150",
        releaseMode: "employee",
        selfReportedSharesEarnPoints: "on",
        selfReportedWeeklyCap: "5",
      },
    });
    expect(admin).not.toMatch(/recognition\.[a-zA-Z_.]+/);
    // the share rules: a ticked checkbox, the weekly cap, an unticked back-dating checkbox, each with its explanation
    expect(admin).toContain("Selbst gemeldetes Teilen bringt Punkte");
    expect(admin).toMatch(/<input[^>]*type="checkbox"[^>]*name="selfReportedSharesEarnPoints"[^>]*checked/);
    expect(admin).toMatch(
      /name="selfReportedWeeklyCap"[^>]*value="5"|value="5"[^>]*name="selfReportedWeeklyCap"/,
    );
    expect(admin).toContain("Beginn vor dem Tag des Vorschlags erlauben");
    expect(admin).not.toMatch(/<input[^>]*name="allowBackdatedStart"[^>]*checked/);
    expect(admin).toMatch(/aria-describedby="[^"]*-hint"/);
    expect(admin).toContain("Standardwerte (noch keine eigene Version)");
    expect(admin).toContain("Ab 1. Dezember 2026");
    expect(admin).toMatch(/min="2026-11-25"/);
  });
});
