import { describe, expect, it } from "vitest";
import { sniffImageType } from "~/app/modules/content/fetch-preview.server.ts";

const bytes = (...parts: (number[] | string)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p))));

describe("sniffImageType: the stored type comes from the bytes, not from the remote server", () => {
  it.each([
    ["image/png", bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "\0\0\0\rIHDR")],
    ["image/jpeg", bytes([0xff, 0xd8, 0xff, 0xe0], "\0\x10JFIF\0")],
    ["image/gif", bytes("GIF89a", [1, 0, 1, 0])],
    ["image/gif", bytes("GIF87a", [1, 0, 1, 0])],
    ["image/webp", bytes("RIFF", [0x24, 0, 0, 0], "WEBPVP8 ")],
  ])("recognises %s", (type, data) => {
    expect(sniffImageType(data)).toBe(type);
  });

  it.each([
    ["SVG", bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ["SVG behind an XML declaration", bytes('<?xml version="1.0"?><svg/>')],
    ["HTML", bytes("<!doctype html><script>alert(1)</script>")],
    ["HTML after a PNG-looking prefix that is cut short", bytes([0x89, 0x50, 0x4e, 0x47], "<html>")],
    ["a RIFF file that is not WebP (WAV)", bytes("RIFF", [0x24, 0, 0, 0], "WAVEfmt ")],
    ["nothing", bytes()],
    ["a truncated GIF signature", bytes("GIF8")],
  ])("refuses %s", (_label, data) => {
    expect(sniffImageType(data)).toBeUndefined();
  });
});
