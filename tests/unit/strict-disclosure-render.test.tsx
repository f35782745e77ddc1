import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub, Outlet } from "react-router";
import { describe, expect, it } from "vitest";
import { createI18n } from "~/app/lib/i18n/resources.ts";
import { resolveAll } from "~/app/modules/sharing/disclosure.ts";
import HeldClicksPage from "~/app/routes/credit.held-clicks.tsx";
import RecognitionPage from "~/app/routes/recognition.tsx";
import TenantLayout from "~/app/routes/tenant.tsx";
import { PostForm } from "~/app/ui/post-form.tsx";

// Issue 13 review: what a page shows, rendered on the server as the browser gets it.

function render(
  Component: React.ComponentType<never>,
  loaderData: unknown,
  path = "/t/acme/page",
  id = "page",
): string {
  const Stub = createRoutesStub([
    { id, path: "/t/:tenant/page", Component: Component as never, loader: () => loaderData },
  ]);
  return renderToString(
    <I18nextProvider i18n={createI18n("de")}>
      <Stub initialEntries={[path]} hydrationData={{ loaderData: { [id]: loaderData } }} />
    </I18nextProvider>,
  );
}

const tenantData = (leaderboardOff: boolean) => ({
  tenant: { id: "t", slug: "acme", name: "Acme", defaultLocale: "de", timeZone: "Europe/Berlin" },
  member: { id: "m1", name: "Anna", roles: ["employee"] },
  permissions: [],
  otherTenants: false,
  billing: null,
  leaderboardOff,
});

describe("strict works-council mode in the pages", () => {
  it("the navigation has no leaderboard link with the mode on, and has it with the mode off", () => {
    expect(render(TenantLayout as never, tenantData(false), "/t/acme/page", "routes/tenant")).toContain(
      'href="/t/acme/leaderboard"',
    );
    expect(render(TenantLayout as never, tenantData(true), "/t/acme/page", "routes/tenant")).not.toContain(
      'href="/t/acme/leaderboard"',
    );
  });

  it("a held-click row whose post and network would name the sharer shows neither", () => {
    const row = {
      id: "h1",
      shareId: null,
      day: "2026-11-20",
      reason: "burst",
      clicks: 97,
      distinctKeys: 41,
      status: "held",
      sharerMembershipId: null,
      sharerName: null,
      decidedByName: null,
      decidedAt: null,
      own: false,
    };
    const html = render(HeldClicksPage as never, {
      held: [
        { ...row, postTitle: null, network: null, shareHidden: true },
        { ...row, id: "h2", postTitle: "Sommerfest", network: "linkedin", shareHidden: false },
      ],
      decided: [],
      sharerHidden: true,
    });
    expect(html).toContain("weniger Personen als die Mindestgruppengröße");
    expect(html).toContain("Sommerfest (LinkedIn)");
    expect(html).not.toContain("null (null)");
    expect(html).not.toMatch(/recognition\.heldClicks\./);
  });
});

describe("strict works-council mode: my recognition page", () => {
  const mine = (leaderboardOff: boolean) => ({
    quarter: { from: "2026-10-01", to: "2026-12-31", points: 82.5 },
    allTimePoints: 1234.75,
    entries: [],
    badges: [],
    kudos: [],
    preferences: { leaderboardOptIn: true, kudosInDigest: false, autoReleaseConsent: false },
    releaseMode: "employee",
    tenantSlug: "acme",
    timeZone: "Europe/Berlin",
    freshness: { points: "14:05", settleDays: 2 },
    leaderboardOff,
  });
  const inTenant = (loaderData: unknown) => {
    const Stub = createRoutesStub([
      {
        id: "routes/tenant",
        path: "/t/:tenant",
        loader: () => tenantData(false),
        Component: () => <Outlet />,
        children: [
          { id: "page", path: "page", Component: RecognitionPage as never, loader: () => loaderData },
        ],
      },
    ]);
    return renderToString(
      <I18nextProvider i18n={createI18n("de")}>
        <Stub
          initialEntries={["/t/acme/page"]}
          hydrationData={{ loaderData: { "routes/tenant": tenantData(false), page: loaderData } }}
        />
      </I18nextProvider>,
    );
  };

  it("keeps my points but does not link to the leaderboard that is off", () => {
    expect(inTenant(mine(false))).toContain('href="/t/acme/leaderboard"');
    const strict = inTenant(mine(true));
    expect(strict).not.toContain('href="/t/acme/leaderboard"');
    expect(strict).toContain("82,5");
  });
});

describe("the comms lead's caption counter", () => {
  const disclosures = resolveAll({
    labels: [{ network: "x", language: "de", label: "#Werbung" }],
    fallback: null,
  });
  const form =
    (text: string, withLabels = true) =>
    () => (
      <PostForm
        id="p"
        timeZone="Europe/Berlin"
        topics={[]}
        teams={[]}
        defaultValue={{
          title: "T",
          url: "",
          body: "",
          topicIds: [],
          teamIds: [],
          publishAt: "",
          expiresAt: "",
          captions: [{ network: "x", language: "de", addressForm: null, text }],
        }}
        lastResult={undefined}
        submitLabel="Speichern"
        pending={false}
        defaultLanguage="de"
        disclosures={withLabels ? disclosures : undefined}
      />
    );

  it("counts the label the share page appends, and says so", () => {
    const fits = render(form("a".repeat(271)), null);
    expect(fits).toContain("280 / 280, mit der Kennzeichnung #Werbung");
    const over = render(form("a".repeat(272)), null);
    expect(over).toContain("281 / 280, mit der Kennzeichnung #Werbung");
    expect(over).toContain("field-error");
    // a caption already carrying it is counted once
    expect(render(form(`${"a".repeat(262)} #werbung`), null)).toContain(
      "271 / 280, mit der Kennzeichnung #Werbung",
    );
    // no labels: the caption alone
    expect(render(form("a".repeat(271), false), null)).toContain("271 / 280");
  });
});
