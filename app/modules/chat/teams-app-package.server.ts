import { createHash } from "node:crypto";
import { deflateSync } from "node:zlib";
import { strToU8, zipSync } from "fflate";
import type { Locale } from "~/db/schema.ts";
import { textsFor } from "~/app/lib/i18n/texts.ts";
import { clip } from "~/app/modules/chat/message-text.ts";

/**
 * The Microsoft Teams app package of one tenant (issue 17): a zip with `manifest.json`, `color.png`
 * (192 × 192, full colour) and `outline.png` (32 × 32, white on transparent), uploaded by the
 * company's Teams admin (Teams → Apps → Manage your apps → Upload an app, or the Teams admin centre).
 * It adds Chorus as a personal tab showing the posts to share now (/teams/tab/<slug>).
 *
 * Teams hosts nothing of ours: the package only names the tab's URL, which must be HTTPS and on a
 * domain listed in `validDomains` (the app's own host). Manifest schema 1.17
 * (https://developer.microsoft.com/json-schemas/teams/v1.17/MicrosoftTeams.schema.json): the oldest
 * version that still carries everything here and is accepted by every current Teams client, the
 * Developer Portal and the admin centre. Nothing the tab needs came later.
 */

export const TEAMS_MANIFEST_VERSION = "1.17";
export const TEAMS_MANIFEST_SCHEMA = `https://developer.microsoft.com/json-schemas/teams/v${TEAMS_MANIFEST_VERSION}/MicrosoftTeams.schema.json`;

/** Limits of the 1.17 schema (name.short 30, name.full 100, description.short 80, description.full 4000). */
export const TEAMS_LIMITS = { shortName: 30, fullName: 100, shortDescription: 80, fullDescription: 4000 };

/** The tab's path: outside /t/ on purpose, so the edge can allow Teams to frame it and nothing else. */
export const teamsTabPath = (slug: string) => `/teams/tab/${encodeURIComponent(slug)}`;

/** The accent colour of app/styles/tokens.css (--color-accent), also the colour icon's tile. */
const ACCENT = "#1d4ed8";

/** Any fixed UUID: the namespace of UUID v5 ids of Chorus's Teams apps (never change it). */
const APP_ID_NAMESPACE = "6f7b1e2c-3d0a-4c55-9a4e-2b8f0c1d7e93";

/**
 * The app's id in Teams: a UUID v5 (RFC 9562: SHA-1 of namespace and name) of the deployment's origin and
 * the tenant id. Stable, so a re-downloaded package updates the app already installed instead of
 * adding a second one; different per tenant, and per deployment (a staging server's package does not
 * replace production's in the same Microsoft 365 organisation).
 */
export function teamsAppId(origin: string, tenantId: string): string {
  const namespace = Buffer.from(APP_ID_NAMESPACE.replace(/-/g, ""), "hex");
  const hash = createHash("sha1")
    .update(namespace)
    .update(`${origin}/teams-app/${tenantId}`, "utf8")
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC variant
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The app's version (semver, as the manifest requires): Teams takes an upload for the same id as an
 * update only when the version went up, and the manifest changes whenever the tenant's name or
 * language does. So every download is newer than the one before: `1.0.<minutes since 1970>`.
 */
export function teamsAppVersion(now: Date): string {
  return `1.0.${Math.floor(now.getTime() / 60_000)}`;
}

export interface TeamsPackageTenant {
  id: string;
  slug: string;
  name: string;
  defaultLocale: Locale;
}

export function teamsManifest(tenant: TeamsPackageTenant, appOrigin: string, now: Date) {
  const origin = new URL(appOrigin).origin;
  const t = textsFor(tenant.defaultLocale);
  const slug = encodeURIComponent(tenant.slug);
  return {
    $schema: TEAMS_MANIFEST_SCHEMA,
    manifestVersion: TEAMS_MANIFEST_VERSION,
    version: teamsAppVersion(now),
    id: teamsAppId(origin, tenant.id),
    developer: {
      name: "Chorus",
      websiteUrl: `${origin}/t/${slug}`,
      // the tenant's privacy page (who sees what), and its sharing guidelines as the terms of use
      privacyUrl: `${origin}/t/${slug}/privacy`,
      termsOfUseUrl: `${origin}/t/${slug}/guidelines`,
    },
    name: {
      short: clip(t("chat.teams.app.shortName"), TEAMS_LIMITS.shortName),
      full: clip(t("chat.teams.app.fullName", { tenant: tenant.name }), TEAMS_LIMITS.fullName),
    },
    description: {
      short: clip(t("chat.teams.app.shortDescription"), TEAMS_LIMITS.shortDescription),
      full: clip(t("chat.teams.app.fullDescription", { tenant: tenant.name }), TEAMS_LIMITS.fullDescription),
    },
    icons: { color: "color.png", outline: "outline.png" },
    accentColor: ACCENT.toUpperCase(),
    staticTabs: [
      {
        entityId: "posts",
        name: t("chat.teams.app.tabName"),
        contentUrl: `${origin}${teamsTabPath(tenant.slug)}`,
        // "open in browser" from Teams: the full hub
        websiteUrl: `${origin}/t/${slug}/hub`,
        scopes: ["personal"],
        context: ["personalTab"],
      },
    ],
    // no `permissions`, no bot, no SSO (webApplicationInfo): the tab is a page of ours and nothing more
    validDomains: [new URL(origin).host],
  };
}

export type TeamsManifest = ReturnType<typeof teamsManifest>;

/** The zip Teams takes: the three files at its root, nothing else. */
export function teamsAppPackage(tenant: TeamsPackageTenant, appOrigin: string, now = new Date()): Uint8Array {
  const manifest = teamsManifest(tenant, appOrigin, now);
  const mtime = now;
  return zipSync(
    {
      "manifest.json": [strToU8(`${JSON.stringify(manifest, null, 2)}\n`), { mtime }],
      "color.png": [colorIcon(), { mtime, level: 0 }],
      "outline.png": [outlineIcon(), { mtime, level: 0 }],
    },
    { level: 6 },
  );
}

// ---------------------------------------------------------------------------------------------------
// Icons: the mark of scripts/icons.ts (an open ring, a "C", and two dots in its mouth on a 64 × 64
// grid) rasterised here with 4 × 4 supersampling, so the package needs no browser and no files and is
// the same byte for byte every time.

const RING = { cx: 31.55, cy: 32, r: 18, half: 4 }; // the arc through (44.5, 19.5) and (44.5, 44.5)
const RING_ENDS = [
  [44.5, 19.5],
  [44.5, 44.5],
] as const;
const DOTS = [
  [47, 32, 4.5],
  [35, 32, 4.5],
] as const;
/** The ring is open to the right between the ends' angles (about ±44°). */
const GAP = Math.atan2(12.5, 44.5 - RING.cx);

function inMark(x: number, y: number): boolean {
  for (const [cx, cy, r] of DOTS) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) return true;
  for (const [ex, ey] of RING_ENDS) if ((x - ex) ** 2 + (y - ey) ** 2 <= RING.half ** 2) return true;
  const d = Math.hypot(x - RING.cx, y - RING.cy);
  if (Math.abs(d - RING.r) > RING.half) return false;
  return Math.abs(Math.atan2(y - RING.cy, x - RING.cx)) > GAP;
}

/** Coverage of the mark over one pixel of a size × size raster, 0 … 1. `inset`: the mark's share of the side. */
function coverage(px: number, py: number, size: number, inset: number): number {
  const scale = 64 / (size * inset);
  const offset = (64 - 64 * inset) / 2 / inset;
  let hits = 0;
  for (let sy = 0; sy < 4; sy++)
    for (let sx = 0; sx < 4; sx++) {
      const x = (px + (sx + 0.5) / 4) * scale - offset;
      const y = (py + (sy + 0.5) / 4) * scale - offset;
      if (inMark(x, y)) hits++;
    }
  return hits / 16;
}

const hexRgb = (hex: string) =>
  [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

/** 192 × 192, full colour: the accent tile edge to edge (Teams rounds it), the white mark inside. */
export function colorIcon(): Uint8Array {
  return (icons.color ??= drawColorIcon());
}

/** 32 × 32: white on transparent, as Teams requires of the outline icon (only the alpha varies). */
export function outlineIcon(): Uint8Array {
  return (icons.outline ??= drawOutlineIcon());
}

/** Drawn once per process: the same bytes every time. */
const icons: { color?: Uint8Array; outline?: Uint8Array } = {};

function drawColorIcon(): Uint8Array {
  const size = 192;
  const [r, g, b] = hexRgb(ACCENT);
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const c = coverage(x, y, size, 0.75);
      const i = (y * size + x) * 4;
      rgba[i] = Math.round(r + (255 - r) * c);
      rgba[i + 1] = Math.round(g + (255 - g) * c);
      rgba[i + 2] = Math.round(b + (255 - b) * c);
      rgba[i + 3] = 255;
    }
  return png(size, size, rgba);
}

function drawOutlineIcon(): Uint8Array {
  const size = 32;
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      rgba[i] = rgba[i + 1] = rgba[i + 2] = 255;
      rgba[i + 3] = Math.round(255 * coverage(x, y, size, 1));
    }
  return png(size, size, rgba);
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A truecolour-with-alpha PNG (8 bits per channel, no filter). */
function png(width: number, height: number, rgba: Uint8Array): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", ihdr),
      chunk("IDAT", deflateSync(raw, { level: 9 })),
      chunk("IEND", new Uint8Array()),
    ]),
  );
}
