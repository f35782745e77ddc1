import { inflateSync } from "node:zlib";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import {
  TEAMS_LIMITS,
  TEAMS_MANIFEST_SCHEMA,
  teamsAppPackage,
  type TeamsPackageTenant,
} from "~/app/modules/chat/teams-app-package.server.ts";

/*
 * The Teams app package an admin uploads to Teams (issue 17): what Teams checks on upload (the three
 * files, the manifest's required fields and limits of schema 1.17, icon sizes, HTTPS URLs on a valid
 * domain) and what makes a re-download an update of the same app (a stable id per tenant, a higher
 * version).
 */

const ORIGIN = "https://chorus.example.com";
const acme: TeamsPackageTenant = {
  id: "0b6c3f0e-9a53-4d0e-8f1e-5a1d7c2b9e41",
  slug: "acme",
  name: "Acme Maschinenbau GmbH",
  defaultLocale: "de",
};
const globex: TeamsPackageTenant = {
  id: "7d2e4a11-3b9c-4f6a-a0d5-c8e1f2b3a4d5",
  slug: "globex",
  name: "Globex",
  defaultLocale: "en",
};
const NOW = new Date("2026-12-07T12:00:00Z");

function open(zip: Uint8Array) {
  const files = unzipSync(zip);
  return {
    names: Object.keys(files).sort(),
    files,
    manifest: JSON.parse(strFromU8(files["manifest.json"]!)) as Record<string, any>, // eslint-disable-line @typescript-eslint/no-explicit-any -- read field by field below
  };
}

/** Width, height, colour type and the decoded RGBA pixels of a non-interlaced 8-bit RGBA PNG. */
function readPng(bytes: Uint8Array) {
  const buf = Buffer.from(bytes);
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(buf.toString("latin1", 12, 16)).toBe("IHDR");
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  const colourType = buf[25];
  const idat: Buffer[] = [];
  for (let at = 8; at < buf.length;) {
    const length = buf.readUInt32BE(at);
    if (buf.toString("latin1", at + 4, at + 8) === "IDAT") idat.push(buf.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const pixels: number[][] = [];
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1);
    expect(raw[row], "filter type none").toBe(0);
    for (let x = 0; x < width; x++) pixels.push([...raw.subarray(row + 1 + x * 4, row + 5 + x * 4)]);
  }
  return { width, height, colourType, pixels };
}

describe("Teams app package", () => {
  it("holds exactly manifest.json, color.png and outline.png at its root", () => {
    expect(open(teamsAppPackage(acme, ORIGIN, NOW)).names).toEqual([
      "color.png",
      "manifest.json",
      "outline.png",
    ]);
  });

  it("has the manifest's required fields, within the schema's limits", () => {
    const { manifest: m } = open(teamsAppPackage(acme, ORIGIN, NOW));
    expect(m.$schema).toBe(TEAMS_MANIFEST_SCHEMA);
    expect(m.manifestVersion).toBe("1.17");
    expect(m.version).toMatch(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/);
    expect(m.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(m.developer.name.length).toBeLessThanOrEqual(32);
    for (const key of ["websiteUrl", "privacyUrl", "termsOfUseUrl"])
      expect(m.developer[key]).toMatch(/^https:\/\//);
    expect([...m.name.short].length).toBeLessThanOrEqual(TEAMS_LIMITS.shortName);
    expect([...m.name.full].length).toBeLessThanOrEqual(TEAMS_LIMITS.fullName);
    expect([...m.description.short].length).toBeLessThanOrEqual(TEAMS_LIMITS.shortDescription);
    expect([...m.description.full].length).toBeLessThanOrEqual(TEAMS_LIMITS.fullDescription);
    expect(m.icons).toEqual({ color: "color.png", outline: "outline.png" });
    expect(m.accentColor).toMatch(/^#[0-9A-F]{6}$/i);
    expect(m.staticTabs).toHaveLength(1);
    const tab = m.staticTabs[0];
    expect(tab.entityId.length).toBeLessThanOrEqual(64);
    expect(tab.scopes).toEqual(["personal"]);
    expect(tab.name.length).toBeLessThanOrEqual(128);
  });

  it("is worded in the tenant's default language", () => {
    const de = open(teamsAppPackage(acme, ORIGIN, NOW)).manifest;
    const en = open(teamsAppPackage(globex, ORIGIN, NOW)).manifest;
    expect(de.description.short).toContain("Beiträge");
    expect(de.description.full).toContain("Acme Maschinenbau GmbH");
    expect(de.staticTabs[0].name).toBe("Zum Teilen");
    expect(en.description.short).toContain("posts");
    expect(en.staticTabs[0].name).toBe("Posts to share");
  });

  it("keeps a long company name within the limits", () => {
    const long = { ...acme, name: "Ä".repeat(300) };
    const { manifest: m } = open(teamsAppPackage(long, ORIGIN, NOW));
    expect([...m.name.full].length).toBe(TEAMS_LIMITS.fullName);
    expect(m.name.full.endsWith("…")).toBe(true);
  });

  it("points only at the app's own origin, the tab at /teams/tab/<slug>, on the valid domain", () => {
    const { manifest: m } = open(teamsAppPackage(acme, `${ORIGIN}/`, NOW));
    const urls = [m.developer.websiteUrl, m.developer.privacyUrl, m.developer.termsOfUseUrl];
    const tab = m.staticTabs[0];
    urls.push(tab.contentUrl, tab.websiteUrl);
    for (const url of urls) expect(new URL(url).origin).toBe(ORIGIN);
    expect(tab.contentUrl).toBe(`${ORIGIN}/teams/tab/acme`);
    expect(tab.websiteUrl).toBe(`${ORIGIN}/t/acme/hub`);
    expect(m.validDomains).toEqual(["chorus.example.com"]);
  });

  it("keeps the app id per tenant across downloads, with a higher version; other tenants get another id", () => {
    const first = open(teamsAppPackage(acme, ORIGIN, NOW)).manifest;
    const later = open(
      teamsAppPackage(
        { ...acme, name: "Acme AG", defaultLocale: "en" },
        ORIGIN,
        new Date(NOW.getTime() + 3_600_000),
      ),
    ).manifest;
    expect(later.id).toBe(first.id);
    const version = (v: string) => v.split(".").map(Number);
    expect(version(later.version)[2]).toBeGreaterThan(version(first.version)[2]!);
    expect(open(teamsAppPackage(globex, ORIGIN, NOW)).manifest.id).not.toBe(first.id);
    // another deployment (staging) does not replace production's app in the same organisation
    expect(open(teamsAppPackage(acme, "https://staging.chorus.example.com", NOW)).manifest.id).not.toBe(
      first.id,
    );
  });

  it("has a 192 × 192 opaque colour icon and a 32 × 32 outline icon, white on transparent", () => {
    const { files } = open(teamsAppPackage(acme, ORIGIN, NOW));
    const color = readPng(files["color.png"]!);
    expect([color.width, color.height, color.colourType]).toEqual([192, 192, 6]);
    expect(color.pixels.every((p) => p[3] === 255)).toBe(true);
    // full colour: the accent tile and the white mark on it
    expect(color.pixels[0]).toEqual([0x1d, 0x4e, 0xd8, 255]);
    expect(color.pixels.some((p) => p[0] === 255 && p[1] === 255 && p[2] === 255)).toBe(true);

    const outline = readPng(files["outline.png"]!);
    expect([outline.width, outline.height, outline.colourType]).toEqual([32, 32, 6]);
    // white wherever anything shows; transparent around the mark
    expect(outline.pixels.every(([r, g, b]) => r === 255 && g === 255 && b === 255)).toBe(true);
    expect(outline.pixels[0]![3]).toBe(0);
    const opaque = outline.pixels.filter((p) => p[3] === 255).length;
    expect(opaque).toBeGreaterThan(50);
    expect(opaque).toBeLessThan(32 * 32 * 0.6);
  });

  it("is the same bytes for the same tenant and moment (icons drawn deterministically)", () => {
    expect(Buffer.from(teamsAppPackage(acme, ORIGIN, NOW))).toEqual(
      Buffer.from(teamsAppPackage(acme, ORIGIN, NOW)),
    );
  });
});
