import Papa from "papaparse";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { BOM, creditCsv, csvSeparator } from "~/app/modules/credit/csv.ts";
import { exportFilename, fileNumber, type ExportableStatement } from "~/app/modules/credit/exportable.ts";
import { creditJson } from "~/app/modules/credit/json.ts";
import { creditPdf, toWinAnsi } from "~/app/modules/credit/pdf.server.ts";
import {
  CreditExportQuery,
  CreditPeriodQuery,
  pickerToQuery,
  previousQuarter,
  quarterOf,
} from "~/app/modules/credit/query.ts";
import { parsePeriod } from "~/app/modules/goals/period.ts";
import { canonicalJson, contentHash, StatementContent } from "~/app/modules/goals/statement.ts";

function statement(name: string, overrides: Partial<StatementContent> = {}): ExportableStatement {
  const content = StatementContent.parse({
    version: 1,
    tenant: { id: "00000000-0000-4000-8000-000000000001", name: "Müller & Söhne GmbH" },
    employee: { membershipId: "00000000-0000-4000-8000-0000000000e1", name, team: "Vertrieb Süd" },
    manager: { membershipId: "00000000-0000-4000-8000-0000000000a1", name: "Max Mänager" },
    period: { kind: "quarter", label: "2026-Q4", startsOn: "2026-10-01", endsOn: "2026-12-31" },
    objectives: [
      {
        position: 1,
        title: "Beiträge teilen – „Qualität“ vor Quantität",
        metric: "shares",
        target: 10,
        weight: 60,
        actual: 12,
        attainmentPercent: 120,
        weightedPercent: 72,
        manualNote: null,
        activities: [],
        activityCount: 12,
      },
      {
        position: 2,
        title: '=HYPERLINK("http://evil")',
        metric: "manual",
        target: 100,
        weight: 40,
        actual: 87.5,
        attainmentPercent: 87.5,
        weightedPercent: 35,
        manualNote: "Sehr gut; Kollegïn → Łódź 🎉",
        activities: [],
        activityCount: 0,
      },
    ],
    overallPercent: 107,
    capPercent: 150,
    rules: [
      {
        id: "default",
        effectiveFrom: "2026-01-01",
        rules: { share: 10, uniqueClicks: { perClick: 1, capPerShareDay: 20 }, normalisation: "log" },
      },
    ],
    generatedAt: "2027-01-01T00:05:00.000Z",
    supersedes: null,
    ...overrides,
  });
  return {
    id: "11111111-1111-4111-8111-111111111111",
    employeeId: content.employee.membershipId,
    content,
    contentHash: contentHash(content),
    releasedAt: new Date("2027-01-03T09:00:00Z"),
  };
}

const people = [statement("Jürgen Weiß"), statement("Zoë Ärger"), statement("Ōtani Łukasz")];

describe("credit CSV", () => {
  it("starts with a BOM and parses back with umlauts intact (German: semicolons, decimal comma)", () => {
    const csv = creditCsv(people.slice(0, 2), "de");
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv.slice(1, 4)).not.toBe("sep");
    // what Excel does: decode the bytes as UTF-8 because of the BOM, then split at the locale's separator
    const decoded = new TextDecoder("utf-8").decode(new TextEncoder().encode(csv));
    const parsed = Papa.parse<string[]>(decoded.replace(/^\uFEFF/, ""), {
      delimiter: csvSeparator("de"),
      skipEmptyLines: true,
    });
    expect(parsed.errors).toEqual([]);
    const [header, ...rows] = parsed.data;
    expect(header?.[0]).toBe("Mitarbeiter:in");
    // two objectives + one overall row per person
    expect(rows).toHaveLength(6);
    expect(rows.map((r) => r[0])).toEqual([
      "Jürgen Weiß",
      "Jürgen Weiß",
      "Jürgen Weiß",
      "Zoë Ärger",
      "Zoë Ärger",
      "Zoë Ärger",
    ]);
    expect(rows[0]).toContain("Vertrieb Süd");
    expect(rows[0]).toContain("Max Mänager");
    expect(rows[0]).toContain("Beiträge teilen – „Qualität“ vor Quantität");
    const overall = rows[2]!;
    expect(overall[6]).toBe("Gesamt");
    expect(overall[header!.indexOf("Erreichung %")]).toBe("107");
    expect(rows[1]![header!.indexOf("Istwert")]).toBe("87,5");
    // a formula in a title is defused, not executed
    expect(rows[1]![header!.indexOf("Ziel")]).toBe('\'=HYPERLINK("http://evil")');
    expect(rows[1]![header!.indexOf("Anmerkung")]).toBe("Sehr gut; Kollegïn → Łódź 🎉");
    expect(csv).toContain("\r\n");
  });

  it("uses commas and a decimal point in English", () => {
    const csv = creditCsv([people[1]!], "en");
    const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ""), { skipEmptyLines: true });
    expect(parsed.meta.delimiter).toBe(",");
    const [header, ...rows] = parsed.data;
    expect(header?.[0]).toBe("Employee");
    expect(rows[1]![header!.indexOf("Actual")]).toBe("87.5");
    expect(rows[2]![header!.indexOf("Row")]).toBe("overall");
    expect(rows[0]![0]).toBe("Zoë Ärger");
  });

  it("formats numbers per language", () => {
    expect(fileNumber(12.5, "de")).toBe("12,5");
    expect(fileNumber(12.345, "en")).toBe("12.35");
    expect(fileNumber(100, "de")).toBe("100");
  });
});

describe("credit PDF", () => {
  it("has one A4 page per person, for one and for three people, in both languages", async () => {
    for (const locale of ["de", "en"] as const) {
      const one = await PDFDocument.load(await creditPdf([people[0]!], locale));
      expect(one.getPageCount()).toBe(1);
      const [w, h] = [one.getPage(0).getWidth(), one.getPage(0).getHeight()];
      expect(Math.round(w)).toBe(595);
      expect(Math.round(h)).toBe(842);
      const three = await PDFDocument.load(await creditPdf(people, locale));
      expect(three.getPageCount()).toBe(3);
    }
  });

  it("still fits one page per person with many long objectives", async () => {
    const long = statement("Jürgen Weiß", {
      objectives: Array.from({ length: 40 }, (_, i) => ({
        position: i + 1,
        title: `Ein sehr langer Zieltitel Nummer ${i + 1}, der über mehrere Zeilen umbrechen muss, weil er so ausführlich ist`,
        metric: "points" as const,
        target: 100,
        weight: i < 20 ? 5 : 0,
        actual: 50,
        attainmentPercent: 50,
        weightedPercent: 2.5,
        manualNote: null,
        activities: [],
        activityCount: 0,
      })),
    });
    const doc = await PDFDocument.load(await creditPdf([long, people[1]!], "de"));
    expect(doc.getPageCount()).toBe(2);
  });

  it("replaces characters outside WinAnsi instead of failing", async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const charset = new Set(font.getCharacterSet());
    expect(toWinAnsi("Jürgen Weiß, Zoë Ärger – 5 €", charset)).toBe("Jürgen Weiß, Zoë Ärger – 5 €");
    expect(toWinAnsi("Łukasz Ōtani → 🎉\tend\n", charset)).toBe("Lukasz Otani -> ? end ");
    expect(() => font.encodeText(toWinAnsi("Ōtani Łukasz 中文 🎉 ≥ 1", charset))).not.toThrow();
  });
});

describe("credit JSON", () => {
  it("carries the content unchanged, so the hash can be re-checked", () => {
    const period = parsePeriod({ period: "2026-Q4" })!;
    const json = creditJson(people, period, new Date("2027-01-05T10:00:00Z"));
    expect(json.statements).toHaveLength(3);
    const round = JSON.parse(JSON.stringify(json)) as typeof json;
    for (const s of round.statements)
      expect(contentHash(StatementContent.parse(s.content))).toBe(s.contentHash);
    expect(canonicalJson(round.statements[0]!.content)).toBe(canonicalJson(people[0]!.content));
    expect(json.statements[0]!.releasedAt).toBe("2027-01-03T09:00:00.000Z");
    expect(json.period).toEqual({
      kind: "quarter",
      label: "2026-Q4",
      startsOn: "2026-10-01",
      endsOn: "2026-12-31",
    });
  });
});

describe("credit queries", () => {
  it("accepts the period forms and refuses the rest with a message per parameter", () => {
    expect(CreditPeriodQuery.safeParse({ period: "2026-Q4" }).success).toBe(true);
    expect(CreditPeriodQuery.safeParse({ period: "2026-H1" }).success).toBe(true);
    expect(CreditPeriodQuery.safeParse({ period: "2026" }).success).toBe(true);
    expect(CreditPeriodQuery.safeParse({ from: "2026-01-01", to: "2026-02-28" }).success).toBe(true);
    for (const bad of [
      {},
      { period: "2026-Q5" },
      { period: "Q4" },
      { from: "2026-01-01" },
      { from: "2026-03-01", to: "2026-02-01" },
      { from: "2026-02-30", to: "2026-03-01" },
      { period: "2026", from: "2026-01-01", to: "2026-01-02" },
    ]) {
      const parsed = CreditPeriodQuery.safeParse(bad);
      expect(parsed.success, JSON.stringify(bad)).toBe(false);
    }
    expect(CreditExportQuery.safeParse({ format: "xlsx", period: "2026" }).success).toBe(false);
    expect(CreditExportQuery.safeParse({ format: "pdf", period: "2026", employee: "nope" }).success).toBe(
      false,
    );
    expect(
      CreditExportQuery.safeParse({
        format: "pdf",
        period: "2026",
        employee: "00000000-0000-4000-8000-0000000000e1",
      }).success,
    ).toBe(true);
  });

  it("turns the picker's fields into a period and knows the quarters", () => {
    expect(pickerToQuery({ kind: "quarter", year: "2026", quarter: "4", from: "2026-01-01" })).toEqual({
      period: "2026-Q4",
      from: undefined,
      to: undefined,
    });
    expect(pickerToQuery({ kind: "custom", year: "2026", from: "2026-01-01", to: "2026-01-31" })).toEqual({
      period: undefined,
      from: "2026-01-01",
      to: "2026-01-31",
    });
    expect(pickerToQuery({ period: "2026-H2" })).toEqual({
      period: "2026-H2",
      from: undefined,
      to: undefined,
    });
    expect(quarterOf("2026-11-25")).toBe("2026-Q4");
    expect(previousQuarter("2026-Q1")).toBe("2025-Q4");
  });

  it("names files safely", () => {
    expect(exportFilename("csv", "2026-Q4", "Jürgen Weiß")).toBe("chorus-credit-2026-Q4-jurgen-weiss.csv");
    expect(exportFilename("pdf", "2026-01-01..2026-03-31")).toBe("chorus-credit-2026-01-01_2026-03-31.pdf");
    expect(exportFilename("json", "2026", 'Zoë "Ärger"\r\nX')).toBe("chorus-credit-2026-zoe-arger-x.json");
  });
});
