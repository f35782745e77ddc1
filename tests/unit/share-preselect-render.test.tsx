import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub, Outlet } from "react-router";
import { describe, expect, it } from "vitest";
import { createI18n } from "~/app/lib/i18n/resources.ts";
import { resolveAll } from "~/app/modules/sharing/disclosure.ts";
import SharePage from "~/app/routes/share.tsx";

// Issue 17: a Teams card's or Slack message's link opens the share page with a caption chosen
// (loadSharePage's captionId); the form starts with that caption, its text and its language's label.

const tenantData = {
  tenant: { id: "t", slug: "acme", name: "Acme", defaultLocale: "de", timeZone: "Europe/Berlin" },
  member: { id: "m1", name: "Anna", roles: ["employee"] },
  permissions: [],
  otherTenants: false,
  billing: null,
  leaderboardOff: false,
};

const CAPTIONS = [
  { id: "c1", network: "linkedin", language: "de", text: "Schön war's! #Mitarbeiter", similar: 0 },
  { id: "c2", network: "linkedin", language: "en", text: "What a day! #employee", similar: 0 },
  { id: "c3", network: "x", language: "de", text: "Kurz: schön! #Mitarbeiter", similar: 0 },
];

function render(network: string, captionId: string | null): string {
  const page = {
    gate: null,
    post: { id: "p1", title: "Sommerfest", url: "https://firma.example/a" },
    captions: CAPTIONS,
    language: "de",
    disclosures: resolveAll({
      labels: [
        { network: "linkedin", language: "de", label: "#Mitarbeiter" },
        { network: "linkedin", language: "en", label: "#employee" },
        { network: "x", language: "de", label: "#Mitarbeiter" },
      ],
      fallback: null,
    }),
    incentivised: false,
    sampleLink: "https://chorus.example/r/abcdefgh",
    linkedInConnected: false,
    hasMastodonInstance: false,
    network,
    captionId,
    xLengths: {},
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
    <I18nextProvider i18n={createI18n("en")}>
      <Stub
        initialEntries={["/t/acme/share"]}
        hydrationData={{ loaderData: { "routes/tenant": tenantData, page } }}
      />
    </I18nextProvider>,
  );
}

/** The form as the person first sees it: the checked radios, the text, the language sent along. */
function formOf(html: string) {
  const checked = [...html.matchAll(/<input type="radio"[^>]*>/g)]
    .map(([input]) => input)
    .filter((input) => / checked=""/.test(input))
    .map((input) => /value="([^"]*)"/.exec(input)?.[1]);
  return {
    checked,
    text: /<textarea[^>]*>([^<]*)<\/textarea>/.exec(html)?.[1]?.replaceAll("&#x27;", "'"),
    language: /<input type="hidden" name="language" value="([^"]*)"/.exec(html)?.[1],
  };
}

describe("the share page's form starts with the caption a link chose", () => {
  it("the chosen caption, its text with its label, and its language", () => {
    const html = render("linkedin", "c2");
    expect(formOf(html)).toEqual({
      checked: ["linkedin", "c2"],
      text: "What a day! #employee",
      language: "en",
    });
    expect(html).toContain("“#employee” must stay in the text");
  });

  it("none chosen: the network's first caption, as before", () => {
    expect(formOf(render("linkedin", null))).toEqual({
      checked: ["linkedin", "c1"],
      text: "Schön war's! #Mitarbeiter",
      language: "de",
    });
  });
});
