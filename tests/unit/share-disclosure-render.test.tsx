import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub, Outlet } from "react-router";
import { describe, expect, it } from "vitest";
import { createI18n } from "~/app/lib/i18n/resources.ts";
import { resolveAll } from "~/app/modules/sharing/disclosure.ts";
import SharePage from "~/app/routes/share.tsx";

// Issue 13 review: the share page tells a rewarded employee nothing false about the label.

const tenantData = {
  tenant: { id: "t", slug: "acme", name: "Acme", defaultLocale: "de", timeZone: "Europe/Berlin" },
  member: { id: "m1", name: "Anna", roles: ["employee"] },
  permissions: [],
  otherTenants: false,
  billing: null,
  leaderboardOff: false,
};

function render(label: string, incentivised: boolean): string {
  const page = {
    gate: null,
    post: { id: "p1", title: "Sommerfest", url: "https://firma.example/a" },
    captions: [{ id: "c1", network: "linkedin", language: "de", text: `Schön war's! ${label}`, similar: 0 }],
    language: "de",
    disclosures: resolveAll({ labels: [], fallback: label }),
    incentivised,
    sampleLink: "https://chorus.example/r/abcdefgh",
    linkedInConnected: false,
    hasMastodonInstance: false,
    network: "linkedin",
  };
  const Stub = createRoutesStub([
    {
      id: "routes/tenant",
      path: "/t/:tenant",
      loader: () => tenantData,
      Component: () => <Outlet />,
      children: [{ id: "page", path: "share", Component: SharePage as never, loader: () => page }],
    },
  ]);
  return renderToString(
    <I18nextProvider i18n={createI18n("de")}>
      <Stub
        initialEntries={["/t/acme/share"]}
        hydrationData={{ loaderData: { "routes/tenant": tenantData, page } }}
      />
    </I18nextProvider>,
  );
}

describe("the share page's word on a rewarded share's label", () => {
  it("rewarded with '#Mitarbeiter': does not claim the label says advertising, and says the employee may add it", () => {
    const html = render("#Mitarbeiter", true);
    expect(html).not.toContain("deshalb sagt die Kennzeichnung das");
    expect(html).toContain("sagt nicht „Werbung“");
  });

  it("rewarded with '#Werbung': says the label marks it as advertising", () => {
    const html = render("#Werbung", true);
    expect(html).toContain("deshalb sagt die Kennzeichnung das");
    expect(html).not.toContain("sagt nicht „Werbung“");
  });

  it("not rewarded: neither", () => {
    const html = render("#Mitarbeiter", false);
    expect(html).not.toContain("deshalb sagt die Kennzeichnung das");
    expect(html).not.toContain("sagt nicht „Werbung“");
  });
});
