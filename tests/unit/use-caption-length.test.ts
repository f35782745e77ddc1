import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { captionLength } from "~/app/modules/content/caption-length.ts";
import { useCaptionLength } from "~/app/ui/use-caption-length.ts";
import type { Network } from "~/db/schema.ts";

function Count({ network, text, known }: { network: Network; text: string; known: Record<string, number> }) {
  const { length, limit, ok } = useCaptionLength(network, text, known);
  return createElement("p", null, `${length}/${limit} ${ok ? "ok" : "over"}`);
}
const render = (network: Network, text: string, known: Record<string, number> = {}) =>
  renderToString(createElement(Count, { network, text, known }));

describe("useCaptionLength (share page: twitter-text only once X is chosen)", () => {
  it("before twitter-text has arrived, X's count is the server's for that text (server and hydrated page agree)", () => {
    // a count twitter-text would never give: it must come from `known`, not from a download
    expect(render("x", "日本語", { 日本語: 281 })).toBe("<p>281/280 over</p>");
  });

  it("counts every other network at once, exactly as captionLength", () => {
    const text = "Hallo 👨‍👩‍👧 https://example.com/a/very/long/path/indeed";
    for (const network of ["bluesky", "mastodon", "linkedin", "threads", "xing", "facebook"] as const) {
      const expected = captionLength(network, text);
      expect(render(network, text)).toBe(
        `<p>${expected.length}/${expected.limit} ${expected.ok ? "ok" : "over"}</p>`,
      );
    }
  });
});
