import { PageSizes, PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from "pdf-lib";
import type { Locale } from "~/db/schema.ts";
import {
  fileDay,
  fileNumber,
  fileTexts,
  fileTime,
  type ExportableStatement,
} from "~/app/modules/credit/exportable.ts";
import { excludedSummary, integrityFacts } from "~/app/modules/credit/integrity.ts";
import type { KeysUnder } from "~/app/lib/i18n/keys.ts";

/**
 * The PDF of released credit statements for the review meeting: one A4 page per person, in the
 * viewer's language, black on white so it prints. Built from the locked content only.
 *
 * The standard Helvetica fonts need no embedding (small files) but only encode WinAnsi
 * (Windows-1252): German and most Western European text fits, anything else ("Zoë" fits, "Łukasz",
 * "→", emoji do not) is folded to its base letter or a replacement by `toWinAnsi` before drawing,
 * because pdf-lib throws on characters the font cannot encode.
 */

const [PAGE_W, PAGE_H] = PageSizes.A4;
const MARGIN = 50;
const CONTENT_W = PAGE_W - 2 * MARGIN;
const FOOTER_TOP = 118;
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.38, 0.4, 0.45);
const LINE = rgb(0.75, 0.77, 0.8);
const SHADE = rgb(0.94, 0.95, 0.97);

export interface CreditPdfOptions {
  /** times are shown in this zone (the tenant's); default UTC */
  timeZone?: string;
  /** the moment of the export, printed in the footer; default now */
  exportedAt?: Date;
}

const REPLACEMENTS: Record<string, string> = {
  "\u2192": "->",
  "\u2190": "<-",
  "\u2264": "<=",
  "\u2265": ">=",
  "\u2260": "!=",
  "\u2212": "-",
  "\u2010": "-",
  "\u2011": "-",
  "\u2032": "'",
  "\u2033": '"',
  "\u2713": "x",
  "\u2714": "x",
};

/**
 * Text the font can encode: control characters and unusual spaces become spaces, characters
 * outside the font's set are folded (Ł → L, ő → o), replaced (→ → "->") or become "?".
 */
export function toWinAnsi(text: string, charset: ReadonlySet<number>): string {
  let out = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    // control characters (newlines, tabs) and unusual spaces (Intl's narrow no-break space) → a space
    if (
      cp < 0x20 ||
      (cp >= 0x7f && cp <= 0x9f) ||
      cp === 0x2028 ||
      cp === 0x2029 ||
      (cp >= 0x2000 && cp <= 0x200a) ||
      cp === 0x202f ||
      cp === 0x205f ||
      cp === 0x3000
    ) {
      out += " ";
      continue;
    }
    if (charset.has(cp)) {
      out += ch;
      continue;
    }
    const replaced = REPLACEMENTS[ch];
    if (replaced !== undefined && [...replaced].every((c) => charset.has(c.codePointAt(0)!))) {
      out += replaced;
      continue;
    }
    const folded = ch
      .replace(/[łŁ]/g, (l) => (l === "ł" ? "l" : "L"))
      .replace(/[đĐ]/g, (d) => (d === "đ" ? "d" : "D"))
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "");
    out += folded.length > 0 && [...folded].every((c) => charset.has(c.codePointAt(0)!)) ? folded : "?";
  }
  return out;
}

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  charset: ReadonlySet<number>;
}

/** Splits text into lines that fit `width`; a word longer than a line (a hash) is cut by characters. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    let rest = word;
    while (!fits(rest)) {
      let cut = rest.length - 1;
      while (cut > 1 && !fits(rest.slice(0, cut))) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [""];
}

/** At most `max` lines; the last one ends in "…" when text was left out. */
function clamp(lines: string[], max: number, font: PDFFont, size: number, width: number): string[] {
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  let last = kept[max - 1]!;
  while (last.length > 0 && font.widthOfTextAtSize(`${last}…`, size) > width) last = last.slice(0, -1);
  kept[max - 1] = `${last}…`;
  return kept;
}

/** "pointsPerShare: 10; clickCap.perShareDay: 20" — the rules' scalar settings, for people to read. */
function summariseRules(rules: unknown): string {
  const parts: string[] = [];
  const visit = (value: unknown, path: string, depth: number) => {
    if (value === null || value === undefined) return;
    if (typeof value === "object") {
      if (depth >= 3) return;
      if (Array.isArray(value)) {
        if (value.every((v) => typeof v !== "object")) parts.push(`${path}: ${value.join(", ")}`);
        return;
      }
      for (const [key, v] of Object.entries(value as Record<string, unknown>))
        visit(v, path ? `${path}.${key}` : key, depth + 1);
      return;
    }
    parts.push(`${path || "value"}: ${String(value)}`);
  };
  visit(rules, "", 0);
  return parts.join("; ");
}

interface Column {
  key: KeysUnder<"credit.file">;
  width: number;
  align: "left" | "right";
}

const COLUMNS: Column[] = [
  { key: "objective", width: 168, align: "left" },
  { key: "metric", width: 92, align: "left" },
  { key: "target", width: 46, align: "right" },
  { key: "actual", width: 46, align: "right" },
  { key: "attainment", width: 52, align: "right" },
  { key: "weight", width: 40, align: "right" },
  { key: "weighted", width: 51, align: "right" },
];

function drawPage(
  page: PDFPage,
  fonts: Fonts,
  statement: ExportableStatement,
  locale: Locale,
  options: Required<CreditPdfOptions>,
  pageNo: number,
  pages: number,
) {
  const t = fileTexts(locale);
  const num = (n: number) => fileNumber(n, locale);
  const safe = (s: string) => toWinAnsi(s, fonts.charset);
  const c = statement.content;
  let y = PAGE_H - MARGIN;

  const text = (s: string, x: number, yy: number, size: number, font: PDFFont = fonts.regular, color = INK) =>
    page.drawText(safe(s), { x, y: yy, size, font, color });
  const right = (s: string, xRight: number, yy: number, size: number, font: PDFFont = fonts.regular) => {
    const v = safe(s);
    page.drawText(v, { x: xRight - font.widthOfTextAtSize(v, size), y: yy, size, font, color: INK });
  };
  const lines = (s: string, font: PDFFont, size: number, width: number) => wrap(safe(s), font, size, width);

  // Title and company
  for (const line of clamp(lines(t("title"), fonts.bold, 18, CONTENT_W), 2, fonts.bold, 18, CONTENT_W)) {
    y -= 20;
    text(line, MARGIN, y, 18, fonts.bold);
  }
  y -= 14;
  text(`${t("tenant")}: ${c.tenant.name}`, MARGIN, y, 10, fonts.regular, MUTED);
  y -= 18;

  // Who, whose manager, which period
  const facts: [string, string][] = [
    [t("employee"), c.employee.name],
    [t("team"), c.employee.team ?? "—"],
    [t("manager"), c.manager?.name ?? t("noManager")],
    [
      t("period"),
      `${c.period.label} (${fileDay(c.period.startsOn, locale)} – ${fileDay(c.period.endsOn, locale)})`,
    ],
    [t("released"), statement.releasedAt ? fileTime(statement.releasedAt, locale, options.timeZone) : "—"],
  ];
  if (c.supersedes) facts.push(["", t("correction", { id: c.supersedes })]);
  // version 2: closed early, back-dated start, shares and unique clicks (nothing for version 1)
  const integrity = integrityFacts(c, locale, options.timeZone);
  for (const [label, value] of [...facts, ...integrity]) {
    // a closing reason may need a second line; everything else fits on one
    const valueLines = clamp(
      lines(value, fonts.regular, 10.5, CONTENT_W - 110),
      2,
      fonts.regular,
      10.5,
      CONTENT_W - 110,
    );
    y -= 14;
    if (label) text(`${label}:`, MARGIN, y, 10.5, fonts.bold);
    valueLines.forEach((line, li) => text(line, MARGIN + 110, y - li * 13, 10.5));
    y -= (valueLines.length - 1) * 13;
  }
  if (c.shares) {
    for (const line of clamp(
      lines(t("integrity.legend"), fonts.regular, 7.5, CONTENT_W),
      2,
      fonts.regular,
      7.5,
      CONTENT_W,
    )) {
      y -= 10;
      text(line, MARGIN, y, 7.5, fonts.regular, MUTED);
    }
  }
  y -= 22;

  // Objectives table
  const headSize = 8.5;
  const cellSize = 9;
  const headLines = COLUMNS.map((col) =>
    clamp(lines(t(col.key), fonts.bold, headSize, col.width - 6), 2, fonts.bold, headSize, col.width - 6),
  );
  const headHeight = Math.max(...headLines.map((l) => l.length)) * 10 + 6;
  page.drawRectangle({ x: MARGIN, y: y - headHeight, width: CONTENT_W, height: headHeight, color: SHADE });
  let x = MARGIN;
  COLUMNS.forEach((col, i) => {
    headLines[i]!.forEach((line, li) => {
      const yy = y - 10 - li * 10;
      if (col.align === "right") right(line, x + col.width - 3, yy, headSize, fonts.bold);
      else text(line, x + 3, yy, headSize, fonts.bold);
    });
    x += col.width;
  });
  y -= headHeight;

  // Rows until the space above the rules and footer is used; the rest is counted, not dropped silently.
  const rulesReserve = 90;
  const objectives = [...c.objectives].sort((a, b) => a.position - b.position);
  let shown = 0;
  for (const o of objectives) {
    const titleLines = clamp(
      lines(`${o.position}. ${o.title}`, fonts.regular, cellSize, COLUMNS[0]!.width - 6),
      2,
      fonts.regular,
      cellSize,
      COLUMNS[0]!.width - 6,
    );
    const excluded = excludedSummary(o, locale);
    const noteLines = [
      ...(o.manualNote
        ? clamp(
            lines(o.manualNote, fonts.regular, 7.5, COLUMNS[0]!.width - 6),
            2,
            fonts.regular,
            7.5,
            COLUMNS[0]!.width - 6,
          )
        : []),
      ...(excluded
        ? clamp(
            lines(excluded, fonts.regular, 7.5, COLUMNS[0]!.width - 6),
            3,
            fonts.regular,
            7.5,
            COLUMNS[0]!.width - 6,
          )
        : []),
    ];
    const metricLines = clamp(
      lines(t(`metrics.${o.metric}`), fonts.regular, cellSize, COLUMNS[1]!.width - 6),
      2,
      fonts.regular,
      cellSize,
      COLUMNS[1]!.width - 6,
    );
    const height = Math.max(titleLines.length, metricLines.length) * 11 + noteLines.length * 9 + 6;
    if (y - height < FOOTER_TOP + rulesReserve + 40) break;
    const top = y;
    titleLines.forEach((line, li) => text(line, MARGIN + 3, top - 11 - li * 11, cellSize));
    noteLines.forEach((line, li) =>
      text(line, MARGIN + 3, top - 11 - titleLines.length * 11 - li * 9, 7.5, fonts.regular, MUTED),
    );
    metricLines.forEach((line, li) =>
      text(line, MARGIN + COLUMNS[0]!.width + 3, top - 11 - li * 11, cellSize),
    );
    const figures = [
      num(o.target),
      num(o.actual),
      num(o.attainmentPercent),
      num(o.weight),
      num(o.weightedPercent),
    ];
    let fx = MARGIN + COLUMNS[0]!.width + COLUMNS[1]!.width;
    figures.forEach((figure, i) => {
      const col = COLUMNS[i + 2]!;
      right(figure, fx + col.width - 3, top - 11, cellSize);
      fx += col.width;
    });
    y -= height;
    page.drawLine({
      start: { x: MARGIN, y },
      end: { x: MARGIN + CONTENT_W, y },
      thickness: 0.5,
      color: LINE,
    });
    shown++;
  }
  if (shown < objectives.length) {
    y -= 11;
    text(t("moreObjectives", { count: objectives.length - shown }), MARGIN + 3, y, 8.5, fonts.regular, MUTED);
    y -= 4;
  }

  // Overall
  y -= 16;
  text(`${t("overall")}: ${num(c.overallPercent)} %`, MARGIN, y, 12, fonts.bold);
  text(
    `(${t("overallCapped", { cap: num(c.capPercent) })})`,
    MARGIN + 12 + fonts.bold.widthOfTextAtSize(safe(`${t("overall")}: ${num(c.overallPercent)} %`), 12),
    y,
    9.5,
    fonts.regular,
    MUTED,
  );
  y -= 24;

  // The rules in force, summarised: enough to say how the figures were counted
  text(t("rules"), MARGIN, y, 10.5, fonts.bold);
  y -= 2;
  if (c.rules.length === 0) {
    y -= 12;
    text(t("rulesNone"), MARGIN, y, 8.5, fonts.regular, MUTED);
  }
  const ruleLinesBudget = Math.max(1, Math.floor((y - FOOTER_TOP - 8) / 10));
  let used = 0;
  for (const version of c.rules) {
    if (used >= ruleLinesBudget) break;
    const name = version.id === "default" ? t("defaultRules") : version.id.slice(0, 8);
    const summary = `${t("ruleFrom", { date: fileDay(version.effectiveFrom, locale) })} (${name}): ${summariseRules(version.rules) || "—"}`;
    const wrapped = clamp(
      lines(summary, fonts.regular, 8, CONTENT_W),
      Math.min(3, ruleLinesBudget - used),
      fonts.regular,
      8,
      CONTENT_W,
    );
    for (const line of wrapped) {
      y -= 10;
      text(line, MARGIN, y, 8, fonts.regular, MUTED);
    }
    used += wrapped.length;
  }

  // Footer: what makes the page checkable
  page.drawLine({
    start: { x: MARGIN, y: FOOTER_TOP },
    end: { x: MARGIN + CONTENT_W, y: FOOTER_TOP },
    thickness: 0.5,
    color: LINE,
  });
  const footer: string[] = [
    `${t("statementId")}: ${statement.id}`,
    `${t("hash")}: ${statement.contentHash}`,
    `${t("generated")}: ${fileTime(c.generatedAt, locale, options.timeZone)} · ${t("exported")}: ${fileTime(options.exportedAt, locale, options.timeZone)}`,
  ];
  let fy = FOOTER_TOP - 14;
  for (const line of footer) {
    for (const part of clamp(lines(line, fonts.regular, 8, CONTENT_W), 2, fonts.regular, 8, CONTENT_W)) {
      text(part, MARGIN, fy, 8, fonts.regular, MUTED);
      fy -= 10;
    }
  }
  for (const part of clamp(
    lines(t("footer"), fonts.regular, 7.5, CONTENT_W),
    2,
    fonts.regular,
    7.5,
    CONTENT_W,
  )) {
    text(part, MARGIN, fy, 7.5, fonts.regular, MUTED);
    fy -= 9.5;
  }
  right(t("page", { page: pageNo, pages }), MARGIN + CONTENT_W, 30, 8);
}

/** The PDF bytes: one A4 page per statement (per person and period), in `locale`. */
export async function creditPdf(
  statements: readonly ExportableStatement[],
  locale: Locale,
  options: CreditPdfOptions = {},
): Promise<Uint8Array> {
  const resolved: Required<CreditPdfOptions> = {
    timeZone: options.timeZone ?? "UTC",
    exportedAt: options.exportedAt ?? new Date(),
  };
  const doc = await PDFDocument.create();
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const boldSet = new Set(bold.getCharacterSet());
  const fonts: Fonts = {
    regular,
    bold,
    charset: new Set(regular.getCharacterSet().filter((cp) => boldSet.has(cp))),
  };
  const t = fileTexts(locale);
  doc.setTitle(
    toWinAnsi(
      statements.length === 1 ? `${t("title")} – ${statements[0]!.content.employee.name}` : t("title"),
      fonts.charset,
    ),
  );
  doc.setLanguage(locale === "de" ? "de-DE" : "en");
  doc.setCreator("Chorus");
  doc.setProducer("Chorus");
  doc.setCreationDate(resolved.exportedAt);
  doc.setModificationDate(resolved.exportedAt);
  statements.forEach((statement, i) =>
    drawPage(doc.addPage(PageSizes.A4), fonts, statement, locale, resolved, i + 1, statements.length),
  );
  // An empty export still opens: one page saying there is nothing (the route refuses empty exports anyway).
  if (statements.length === 0) doc.addPage(PageSizes.A4);
  return doc.save();
}
