import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { csrfVerdict } from "~/app/lib/csrf.server.ts";
import { isSlackWebhookPath } from "~/app/lib/request-target.server.ts";
import { verifySlackSignature } from "~/app/modules/chat/slack-signature.server.ts";
import { signSlackRequest } from "~/tests/fakes/slack.ts";

// Slack's documented example (https://api.slack.com/docs/verifying-requests-from-slack): a slash
// command's body, its timestamp and the signature Slack computed with this signing secret.
const EXAMPLE = {
  signingSecret: "8f742231b10e8888abcd99yyyzzz85a5",
  timestamp: "1531420618",
  body: "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
  signature: "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
};
const at = (seconds: number) => new Date(seconds * 1000);
const bytes = (text: string) => new TextEncoder().encode(text);

describe("verifySlackSignature", () => {
  const check = (over: Partial<typeof EXAMPLE> = {}, now = at(Number(EXAMPLE.timestamp) + 10)) => {
    const e = { ...EXAMPLE, ...over };
    return verifySlackSignature(
      {
        signingSecret: e.signingSecret,
        timestamp: e.timestamp,
        signature: e.signature,
        rawBody: bytes(e.body),
      },
      now,
    );
  };

  it("accepts Slack's documented example", () => {
    expect(check()).toBe("ok");
  });

  it("refuses a changed body, another secret or another timestamp", () => {
    expect(check({ body: EXAMPLE.body.replace("text=", "text=x") })).toBe("bad");
    expect(check({ signingSecret: "another secret" })).toBe("bad");
    expect(check({ timestamp: String(Number(EXAMPLE.timestamp) + 1) })).toBe("bad");
    expect(check({ signature: "v0=" + "0".repeat(64) })).toBe("bad");
    expect(check({ signature: "v1=" + EXAMPLE.signature.slice(3) })).toBe("bad");
    expect(check({ signature: EXAMPLE.signature.slice(0, -2) })).toBe("bad");
    expect(check({ timestamp: "1531420618.5" })).toBe("bad");
  });

  it("refuses a missing header", () => {
    expect(check({ signature: "" })).toBe("missing");
    expect(check({ timestamp: "" })).toBe("missing");
  });

  it("allows five minutes either way, not more", () => {
    const ts = Number(EXAMPLE.timestamp);
    expect(check({}, at(ts + 300))).toBe("ok");
    expect(check({}, at(ts - 300))).toBe("ok");
    expect(check({}, at(ts + 301))).toBe("stale");
    expect(check({}, at(ts - 301))).toBe("stale");
  });

  it("agrees with the fake's signer (what the integration tests send)", () => {
    const headers = signSlackRequest("s3cret", '{"type":"url_verification"}', 1_700_000_000);
    expect(
      verifySlackSignature(
        {
          signingSecret: "s3cret",
          timestamp: headers["X-Slack-Request-Timestamp"],
          signature: headers["X-Slack-Signature"],
          rawBody: bytes('{"type":"url_verification"}'),
        },
        at(1_700_000_000),
      ),
    ).toBe("ok");
  });
});

describe("Slack's endpoints at the edge", () => {
  const origin = "https://chorus.example";
  const post = (url: string, headers: Record<string, string> = {}) =>
    ({ method: "POST", url, headers }) as unknown as IncomingMessage;

  it("exempts exactly the three signed endpoints from the Origin check", () => {
    for (const path of [
      "/integrations/slack/events",
      "/integrations/slack/commands",
      "/integrations/slack/interactions",
      "/Integrations/Slack/Events",
      "/integrations/slack/events/",
    ]) {
      expect(isSlackWebhookPath(path), path).toBe(true);
      expect(csrfVerdict(post(path), origin, { development: false }), path).toBe("safe");
    }
    expect(isSlackWebhookPath("/integrations/slack/events.data")).toBe(true);
  });

  it("keeps the rest of /integrations/ a cookie path", () => {
    for (const path of [
      "/integrations/slack/install",
      "/integrations/slack/oauth",
      "/integrations/slack/eventsx",
      "/integrations/slack/events/x",
      "/integrations/slack/../slack/events",
      "/t/acme/integrations/slack/events",
    ]) {
      expect(isSlackWebhookPath(path), path).toBe(false);
      expect(
        csrfVerdict(post(path, { origin: "https://evil.example" }), origin, { development: false }),
        path,
      ).toBe("cross-site");
    }
  });
});
