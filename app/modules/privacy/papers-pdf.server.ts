import { PageSizes, PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from "pdf-lib";
import type { Locale } from "~/db/schema.ts";
import { parseBlocks } from "~/app/ui/markdown.tsx";
import { toWinAnsi } from "~/app/modules/credit/pdf.server.ts";

/**
 * A paper's Markdown as an A4 PDF: headings, paragraphs and lists of the subset app/ui/markdown.tsx
 * renders, inline markup dropped (bold and italic become plain text, a link its text and address).
 * Helvetica like the credit PDF (app/modules/credit/pdf.server.ts): German umlauts fit WinAnsi, other
 * characters are folded by the same toWinAnsi.
 */

const [PAGE_W, PAGE_H] = PageSizes.A4;
const MARGIN = 56;
const WIDTH = PAGE_W - 2 * MARGIN;
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.38, 0.4, 0.45);

/** Inline Markdown → plain text. */
export function plainInline(text: string): string {
  return text
    .replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, "$1 ($2)")
    .replace(/\*\*(.+?)\*\*/g, "$1")
    .replace(/(^|[^*\\])\*(?!\s)([^*]+?)\*/g, "$1$2")
    .replace(/\\([\\*_[\]()#+\-.!`])/g, "$1");
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width || !line) {
      line = candidate;
      continue;
    }
    lines.push(line);
    line = word;
  }
  if (line) lines.push(line);
  return lines;
}

export async function paperPdf(
  markdown: string,
  title: string,
  locale: Locale,
  footer: string,
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const boldSet = new Set(bold.getCharacterSet());
  const charset = new Set(regular.getCharacterSet().filter((cp) => boldSet.has(cp)));
  const safe = (s: string) => toWinAnsi(s, charset);
  doc.setTitle(safe(title));
  doc.setLanguage(locale === "de" ? "de-DE" : "en");
  doc.setCreator("Chorus");
  doc.setProducer("Chorus");

  let page: PDFPage = doc.addPage(PageSizes.A4);
  let y = PAGE_H - MARGIN;
  const need = (height: number) => {
    if (y - height >= MARGIN + 20) return;
    page = doc.addPage(PageSizes.A4);
    y = PAGE_H - MARGIN;
  };
  const block = (
    text: string,
    font: PDFFont,
    size: number,
    opts: { indent?: number; bullet?: string; before?: number; after?: number } = {},
  ) => {
    const indent = opts.indent ?? 0;
    const lineHeight = size * 1.35;
    y -= opts.before ?? 0;
    const lines = wrap(safe(plainInline(text)), font, size, WIDTH - indent);
    lines.forEach((line, i) => {
      need(lineHeight);
      y -= lineHeight;
      if (i === 0 && opts.bullet)
        page.drawText(opts.bullet, { x: MARGIN + indent - 12, y, size, font, color: INK });
      page.drawText(line, { x: MARGIN + indent, y, size, font, color: INK });
    });
    y -= opts.after ?? 0;
  };

  for (const b of parseBlocks(markdown)) {
    if (b.kind === "heading") {
      const size = b.level === 1 ? 17 : b.level === 2 ? 12.5 : 11;
      need(size * 3);
      block(b.text, bold, size, { before: b.level === 1 ? 0 : 8, after: 3 });
    } else if (b.kind === "paragraph") {
      block(b.text, regular, 10, { after: 6 });
    } else {
      b.items.forEach((item, i) =>
        block(item, regular, 10, { indent: 16, bullet: b.ordered ? `${i + 1}.` : "-", after: 2 }),
      );
      y -= 4;
    }
  }
  const pages = doc.getPages();
  pages.forEach((p, i) => {
    const text = safe(`${footer} · ${i + 1}/${pages.length}`);
    p.drawText(text, { x: MARGIN, y: 30, size: 8, font: regular, color: MUTED });
  });
  return doc.save();
}
