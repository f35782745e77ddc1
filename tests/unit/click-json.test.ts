import { describe, expect, it } from "vitest";
import { clickJson, type PendingClick } from "~/app/modules/tracking/record-click.server.ts";

// The Redis stream entry is a JSON array of these; the drain parses it (and old processes' entries,
// written with JSON.stringify, during a deploy): the hand-written form must be the same text.
const base: PendingClick = {
  k: "0b5b7f5e-3f1c-4c57-9a53-1f3f6c3b2a10",
  c: "abcDEF_12-x",
  t: 1_796_000_000_123,
  v: "31ae9e4d2f99ab2981c091d7e7970c096cbc90bbf1f451a394c4d418cc0244cd",
  r: null,
  s: null,
  i: "6Z52tw5lNU6DwxtM7a97DA",
  n: "KCj4OobmZMCI2XvrjxQYWQ",
};

describe("clickJson", () => {
  it.each([
    ["no referrer, no session", base],
    ["referrer and session", { ...base, r: "news.example.org", s: "ab".repeat(32) }],
    ["a referrer host needing escapes", { ...base, r: 'x"y\\z\u2028' }],
    ["a code needing escapes", { ...base, c: 'a"b' }],
  ])("is JSON.stringify of the click: %s", (_name, click) => {
    expect(clickJson(click)).toBe(JSON.stringify(click));
    expect(JSON.parse(clickJson(click))).toEqual(click);
  });
});
