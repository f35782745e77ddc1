import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { describe, expect, it } from "vitest";
import { createI18n } from "~/app/lib/i18n/resources.ts";
import HeldClicksPage from "~/app/routes/credit.held-clicks.tsx";
import { TimelineChart } from "~/app/ui/charts.tsx";
import { FigureCards } from "~/app/ui/figure-cards.tsx";

// Issue 18: the comms lead's charts, figures and held clicks as the server renders them — no style
// attributes, colours from tokens (dark mode), a chart that fills a 360 px phone, the page's language.

function render(node: React.ReactNode, locale: "de" | "en" = "de"): string {
  return renderToString(<I18nextProvider i18n={createI18n(locale)}>{node}</I18nextProvider>);
}

function renderPage(Component: React.ComponentType<never>, loaderData: unknown): string {
  const Stub = createRoutesStub([
    { id: "page", path: "/t/:tenant/page", Component: Component as never, loader: () => loaderData },
  ]);
  return render(
    <Stub initialEntries={["/t/acme/page"]} hydrationData={{ loaderData: { page: loaderData } }} />,
  );
}

const zero = {
  shares: 0,
  clicks: 0,
  uniqueVisitors: 0,
  impressionsMeasured: 0,
  impressionsEstimated: 0,
  earnedMedia: 0,
};
const points = ["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"].map((start, i) => ({
  ...zero,
  start,
  clicks: 1000 * (i + 1),
  shares: i,
}));

describe("the timeline chart", () => {
  const html = render(
    <TimelineChart
      points={points}
      bucket="day"
      from="2026-11-01"
      to="2026-11-04"
      currency="EUR"
      idPrefix="t"
    />,
  );
  const svg = html.slice(html.indexOf("<svg"), html.indexOf("</svg>"));

  it("writes no style attribute and no literal colour: classes carry the token colours", () => {
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/#[0-9a-f]{3,6}\b/i);
    expect(svg).toMatch(/class="chart-bar"/);
  });

  it("fills its container's width in percent instead of scaling a fixed viewBox (text keeps its size)", () => {
    expect(svg).not.toContain("viewBox");
    expect(svg).toMatch(/<svg[^>]*width="100%"/);
    // four days: each bar starts in its quarter of the width
    expect(svg).toMatch(/<rect x="3.125%"[^>]*width="18.75%"/);
    expect(svg).toMatch(/<rect x="78.125%"/);
  });

  it("keeps its name and its table, with German numbers and dates", () => {
    expect(svg).toContain('role="img"');
    expect(svg).toMatch(/aria-label="Klicks pro Tag, [^"]*10\.000/);
    expect(html).toContain('class="table-scroll"');
    expect(html).toContain("4.000");
    expect(html).toContain("04.11.2026");
  });
});

describe("figure cards", () => {
  it("are design-system cards without style attributes, in the page's language", () => {
    const html = render(
      <FigureCards
        figures={{ ...zero, clicks: 12345, earnedMedia: 1042.6 }}
        currency="EUR"
        testIdPrefix="x"
      />,
    );
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).toContain('class="card figure"');
    expect(html).toMatch(/data-testid="x-clicks">12\.345</);
    expect(html).toMatch(/>1\.042,60\s€</);
  });
});

describe("held clicks", () => {
  const row = {
    id: "h1",
    shareId: null,
    day: "2026-11-20",
    reason: "burst",
    clicks: 1234,
    distinctKeys: 41,
    status: "held",
    sharerMembershipId: "m2",
    sharerName: "Erika",
    decidedByName: null,
    decidedAt: null,
    own: false,
    postTitle: "Sommerfest",
    network: "linkedin",
    shareHidden: false,
  };

  it("stack into cards on phones, every cell labelled, the day and counts in the page's language", () => {
    const html = renderPage(HeldClicksPage as never, { held: [row], decided: [], sharerHidden: false });
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).toContain('<table class="stacked">');
    const cells = html.match(/<td[^>]*>/g) ?? [];
    expect(cells.length).toBe(7);
    for (const cell of cells) expect(cell).toMatch(/data-label="[^"]+"/);
    expect(html).toContain('<time dateTime="2026-11-20">20.11.2026</time>');
    expect(html).toContain("1.234");
    expect(html).toContain("Sommerfest (LinkedIn)");
  });
});
