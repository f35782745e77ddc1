import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { createI18n } from "~/app/lib/i18n/resources.ts";
import type { StatementContent } from "~/app/modules/goals/statement.ts";
import { ObjectivesTable } from "~/app/ui/goals.tsx";
import { StatementIntegrity } from "~/app/ui/statement-integrity.tsx";

// What a credit statement shows of its version-2 content (issue 11), rendered as the statement page
// renders it; a version-1 statement shows none of it.

const v1: StatementContent = {
  version: 1,
  tenant: { id: "t", name: "Acme" },
  employee: { membershipId: "e", name: "Jürgen Weiß", team: null },
  manager: null,
  period: { kind: "quarter", label: "2026-Q3", startsOn: "2026-07-01", endsOn: "2026-09-30" },
  objectives: [
    {
      position: 1,
      title: "Teilen",
      metric: "shares",
      target: 2,
      weight: 100,
      actual: 1,
      attainmentPercent: 50,
      weightedPercent: 50,
      manualNote: null,
      activities: [{ date: "2026-08-03", kind: "share", label: "Sommerfest (linkedin)", value: 1 }],
      activityCount: 1,
    },
  ],
  overallPercent: 50,
  capPercent: 150,
  rules: [],
  generatedAt: "2026-10-03T08:00:00.000Z",
  supersedes: null,
};

const v2: StatementContent = {
  ...v1,
  version: 2,
  objectives: [
    {
      ...v1.objectives[0]!,
      activities: [
        {
          date: "2026-08-03",
          kind: "share_self_reported",
          label: "Sommerfest (linkedin)",
          value: 0,
          excluded: "repeat_share",
        },
        { date: "2026-08-03", kind: "share_verified", label: "Sommerfest (linkedin)", value: 1 },
      ],
      activityCount: 2,
      excludedCount: 1,
    },
  ],
  shares: { verified: 1, selfReported: 4, counted: 2 },
  uniqueClicks: { counted: 17, heldBack: 5 },
  closedEarly: {
    at: "2026-09-20T10:00:00.000Z",
    byMembershipId: "a",
    byName: "Andrea Admin",
    reason: "Wechsel in eine andere Firma",
  },
  backdatedFrom: "2026-07-10",
};

function render(content: StatementContent, locale: "de" | "en" = "de"): string {
  return renderToString(
    <I18nextProvider i18n={createI18n(locale)}>
      <StatementIntegrity content={content} formatTime={(iso) => iso.slice(0, 10)} />
      <ObjectivesTable
        caption="Ziele"
        capPercent={content.capPercent}
        overallPercent={content.overallPercent}
        objectives={content.objectives.map((o) => ({ ...o, key: String(o.position) }))}
      />
    </I18nextProvider>,
  ).replaceAll("<!-- -->", "");
}

const rawKey = /goals\.[a-zA-Z_.]+/;

describe("a statement's version-2 content", () => {
  it("shows verified, self-reported and counted shares, clicks counted and held back, closed early and back-dated, and why an activity does not count", () => {
    const de = render(v2);
    expect(de).not.toMatch(rawKey);
    expect(de).toMatch(/data-testid="shares-verified"[^>]*>1</);
    expect(de).toMatch(/data-testid="shares-self-reported"[^>]*>4</);
    expect(de).toMatch(/data-testid="shares-counted"[^>]*>2</);
    expect(de).toMatch(/data-testid="clicks-held-back"[^>]*>5</);
    expect(de).toContain("Vorzeitig abgeschlossen");
    expect(de).toContain(
      "am 2026-09-20 von Andrea Admin festgeschrieben, bevor sein Zeitraum endete. Grund: Wechsel in eine andere Firma",
    );
    expect(de).toContain("Die Vereinbarung wurde am 10.07.2026 getroffen, zählt aber ab 01.07.2026");
    expect(de).toContain("Rückdatierter Beginn");
    expect(de).toContain("zählt nicht: Wiederholung: Dieser Beitrag wurde in diesem Netzwerk schon geteilt");
    expect(de).toContain("1 Aktivität zählt nicht; der Grund steht dabei.");
    expect(de).toContain("Beitrag geteilt (bestätigt)");
    const en = render(v2, "en");
    expect(en).not.toMatch(rawKey);
    expect(en).toContain("Self-reported");
    expect(en).toContain("The agreement was made on");
    expect(en).toContain("not counted: Repeat: this post was already shared on this network");
  });

  it("a version-1 statement renders as before: no share counts, no exclusions, no closing notes", () => {
    const de = render(v1);
    expect(de).not.toContain('data-testid="statement-shares"');
    expect(de).not.toContain("Vorzeitig");
    expect(de).not.toContain("zählt nicht");
    expect(de).toContain("Sommerfest (linkedin)");
  });
});
