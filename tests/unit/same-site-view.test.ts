import { describe, expect, it } from "vitest";
import { isConfirmedView, viewOrigin } from "~/app/lib/same-site-view.server.ts";

const url = "http://127.0.0.1:3000/t/acme/goals/00000000-0000-4000-8000-000000000000";
const get = (headers: Record<string, string>) => new Request(url, { headers });

describe("viewOrigin: may this GET write the credit access log?", () => {
  it("trusts the browser's fetch metadata: our own pages and typed or bookmarked URLs, not other sites", () => {
    expect(viewOrigin(get({ "Sec-Fetch-Site": "same-origin" }))).toBe("same-origin");
    expect(viewOrigin(get({ "Sec-Fetch-Site": "none" }))).toBe("typed");
    expect(viewOrigin(get({ "Sec-Fetch-Site": "cross-site" }))).toBe("unproven");
    // a sibling subdomain is not us
    expect(viewOrigin(get({ "Sec-Fetch-Site": "same-site" }))).toBe("unproven");
    // fetch metadata wins over a Referer that claims to be ours
    expect(
      viewOrigin(get({ "Sec-Fetch-Site": "cross-site", Referer: "http://127.0.0.1:3000/t/acme/goals" })),
    ).toBe("unproven");
  });

  it("without fetch metadata (old Safari) only a Referer of our own origin counts", () => {
    expect(viewOrigin(get({ Referer: "http://127.0.0.1:3000/t/acme/goals" }))).toBe("same-origin");
    // what a strict-origin page sends: the origin only
    expect(viewOrigin(get({ Referer: "http://127.0.0.1:3000/" }))).toBe("same-origin");
    expect(viewOrigin(get({ Referer: "https://evil.example/t/acme/goals" }))).toBe("unproven");
    expect(viewOrigin(get({ Referer: "http://127.0.0.1:3001/" }))).toBe("unproven");
    expect(viewOrigin(get({ Referer: "not a url" }))).toBe("unproven");
    expect(viewOrigin(get({}))).toBe("unproven");
  });

  it("isConfirmedView is true exactly for same-origin and typed", () => {
    expect(isConfirmedView(get({ "Sec-Fetch-Site": "same-origin" }))).toBe(true);
    expect(isConfirmedView(get({ "Sec-Fetch-Site": "none" }))).toBe(true);
    expect(isConfirmedView(get({ "Sec-Fetch-Site": "cross-site" }))).toBe(false);
    expect(isConfirmedView(get({}))).toBe(false);
  });
});
