// The favicon and app icons in public/, drawn from one mark (MARK below) and rasterised with Chromium:
//   npx tsx scripts/icons.ts
// Writes public/favicon.svg (rounded tile, the browser tab), public/favicon.ico (16, 32 and 48 px PNGs
// in an ICO: browsers ask /favicon.ico on their own), public/apple-touch-icon.png (180 px, full bleed:
// iOS rounds the corners itself, no transparency), public/icons/icon-192.png and icon-512.png (rounded
// tile, for the web app manifest) and public/icons/icon-maskable-512.png (full bleed, the mark inside
// the central 60 % so every mask shape keeps it). The files are committed; run this after changing the mark.
import { mkdirSync, writeFileSync } from "node:fs";
import { chromium } from "@playwright/test";

// The accent colour of app/styles/tokens.css (--color-accent, light) and its ink.
const ACCENT = "#1d4ed8";
const INK = "#ffffff";

/** The mark on a 64 × 64 grid: a "C" of three voices — an open ring and two dots in its mouth. */
const MARK = `
  <path d="M44.5 19.5 A18 18 0 1 0 44.5 44.5" fill="none" stroke="${INK}" stroke-width="8" stroke-linecap="round"/>
  <circle cx="47" cy="32" r="4.5" fill="${INK}"/>
  <circle cx="35" cy="32" r="4.5" fill="${INK}"/>`;

/** The tile: rounded for tabs and launchers, full bleed (optionally with the mark shrunk) for masks. */
function svg(shape: "rounded" | "square", markScale = 1): string {
  const tile =
    shape === "rounded"
      ? `<rect width="64" height="64" rx="14" fill="${ACCENT}"/>`
      : `<rect width="64" height="64" fill="${ACCENT}"/>`;
  const offset = 32 * (1 - markScale);
  const mark =
    markScale === 1 ? MARK : `<g transform="translate(${offset} ${offset}) scale(${markScale})">${MARK}</g>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">${tile}${mark}</svg>\n`;
}

/** PNG entries in an ICO container (supported by every browser that still asks for /favicon.ico). */
function ico(pngs: { size: number; data: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(pngs.length, 4);
  const entries = Buffer.alloc(16 * pngs.length);
  let offset = 6 + entries.length;
  pngs.forEach(({ size, data }, i) => {
    const at = i * 16;
    entries.writeUInt8(size >= 256 ? 0 : size, at);
    entries.writeUInt8(size >= 256 ? 0 : size, at + 1);
    entries.writeUInt8(0, at + 2); // no palette
    entries.writeUInt8(0, at + 3);
    entries.writeUInt16LE(1, at + 4); // colour planes
    entries.writeUInt16LE(32, at + 6); // bits per pixel
    entries.writeUInt32LE(data.length, at + 8);
    entries.writeUInt32LE(offset, at + 12);
    offset += data.length;
  });
  return Buffer.concat([header, entries, ...pngs.map((p) => p.data)]);
}

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  async function png(source: string, size: number, transparent: boolean): Promise<Buffer> {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<!doctype html><html><body style="margin:0;background:transparent">` +
        `<img src="data:image/svg+xml;base64,${Buffer.from(source).toString("base64")}" ` +
        `width="${size}" height="${size}" style="display:block"></body></html>`,
    );
    await page.locator("img").evaluate((img: HTMLImageElement) => img.decode());
    return page.screenshot({ omitBackground: transparent, type: "png" });
  }

  mkdirSync("public/icons", { recursive: true });
  const rounded = svg("rounded");
  writeFileSync("public/favicon.svg", rounded);
  const favicons = [];
  // one page, so one size after the other
  for (const size of [16, 32, 48]) favicons.push({ size, data: await png(rounded, size, true) });
  writeFileSync("public/favicon.ico", ico(favicons));
  writeFileSync("public/apple-touch-icon.png", await png(svg("square", 0.8), 180, false));
  writeFileSync("public/icons/icon-192.png", await png(rounded, 192, true));
  writeFileSync("public/icons/icon-512.png", await png(rounded, 512, true));
  writeFileSync("public/icons/icon-maskable-512.png", await png(svg("square", 0.6), 512, false));
  console.log("public/favicon.svg, favicon.ico, apple-touch-icon.png, icons/icon-{192,512,maskable-512}.png");
} finally {
  await browser.close();
}
