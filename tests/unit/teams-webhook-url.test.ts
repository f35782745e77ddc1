import { beforeEach, describe, expect, it, vi } from "vitest";
import { ValidationError } from "~/app/lib/errors.ts";

// The rules depend on NODE_ENV and TEAMS_WEBHOOK_ALLOW_HTTP_LOOPBACK, which env() reads once per process.
const settings = { NODE_ENV: "test", TEAMS_WEBHOOK_ALLOW_HTTP_LOOPBACK: false };
vi.mock("~/app/lib/env.server.ts", () => ({ env: () => settings }));

const { parseTeamsWebhookUrl, retryAfterMs, TEAMS_RETRY_AFTER_MAX_MS } =
  await import("~/app/modules/chat/teams-webhook.server.ts");

const LOGIC =
  "https://prod-12.westeurope.logic.azure.com:443/workflows/0a1b2c3d4e5f/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=AbCdEf123";
const POWER_PLATFORM =
  "https://default0a1b2c3d4e5f60718293a4b5c6d7e8.f9.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/0a1b2c3d4e5f/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=AbCdEf123";

function refusal(raw: string): string | undefined {
  try {
    parseTeamsWebhookUrl(raw);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toEqual({ webhookUrl: ["teams_webhook_invalid"] });
    // the message says what is wrong, never the URL (it is the credential)
    expect((error as Error).message).not.toContain("sig=");
    return (error as Error).message;
  }
}

describe("parseTeamsWebhookUrl", () => {
  beforeEach(() => {
    settings.NODE_ENV = "test";
    settings.TEAMS_WEBHOOK_ALLOW_HTTP_LOOPBACK = false;
  });

  it("takes both URL shapes Workflows hands out (spaces around a paste are forgiven)", () => {
    expect(parseTeamsWebhookUrl(LOGIC).host).toBe("prod-12.westeurope.logic.azure.com");
    expect(parseTeamsWebhookUrl(`  ${POWER_PLATFORM}\n`).hostname).toMatch(
      /\.environment\.api\.powerplatform\.com$/,
    );
  });

  it("refuses other hosts, look-alikes and the bare zone", () => {
    expect(refusal("https://example.com/workflows/1/triggers/manual/paths/invoke")).toMatch(
      /not a Workflows host/,
    );
    expect(refusal(LOGIC.replace("logic.azure.com", "logic.azure.com.evil.test"))).toMatch(/host/);
    expect(refusal(LOGIC.replace("prod-12.westeurope.logic.azure.com", "evillogic.azure.com"))).toMatch(
      /host/,
    );
    expect(refusal(LOGIC.replace("prod-12.westeurope.", ""))).toMatch(/host/);
    expect(refusal("https://outlook.webhook.office.com/webhookb2/abc/IncomingWebhook/def/ghi")).toMatch(
      /host/,
    );
    expect(refusal("https://10.0.0.5/workflows/1")).toMatch(/host/);
  });

  it("refuses http, other ports, credentials, fragments, portal links, junk and overlong input", () => {
    expect(refusal(LOGIC.replace("https:", "http:"))).toMatch(/not https/);
    expect(refusal(LOGIC.replace(":443", ":8443"))).toMatch(/port/);
    expect(refusal(LOGIC.replace("https://", "https://user:pw@"))).toMatch(/credentials/);
    expect(refusal(`${LOGIC}#x`)).toMatch(/fragment/);
    expect(refusal("https://prod-12.westeurope.logic.azure.com/")).toMatch(/path/);
    expect(refusal("not a url")).toMatch(/not a URL/);
    expect(refusal("")).toMatch(/empty/);
    expect(refusal(`${LOGIC}&pad=${"x".repeat(2100)}`)).toMatch(/too long/);
  });

  it("loopback (the local receiver of tests and e2e) only outside production or when allowed", () => {
    for (const raw of ["http://127.0.0.1:4030/w", "http://localhost:4030/w", "http://[::1]:4030/w"])
      expect(parseTeamsWebhookUrl(raw).protocol).toBe("http:");
    settings.NODE_ENV = "production";
    expect(refusal("http://127.0.0.1:4030/w")).toMatch(/loopback/);
    expect(refusal("https://localhost/workflows/1")).toMatch(/loopback/);
    settings.TEAMS_WEBHOOK_ALLOW_HTTP_LOOPBACK = true;
    expect(parseTeamsWebhookUrl("http://127.0.0.1:4030/w").port).toBe("4030");
    // the switch opens loopback only, never http elsewhere
    expect(refusal(LOGIC.replace("https:", "http:"))).toMatch(/not https/);
  });
});

describe("retryAfterMs", () => {
  const now = Date.parse("2026-12-07T12:00:00Z");
  it("reads seconds and HTTP dates, caps them at an hour, and ignores junk", () => {
    expect(retryAfterMs("120", now)).toBe(120_000);
    expect(retryAfterMs(" 0 ", now)).toBe(0);
    expect(retryAfterMs("Mon, 07 Dec 2026 12:00:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs("Mon, 07 Dec 2026 11:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs("999999", now)).toBe(TEAMS_RETRY_AFTER_MAX_MS);
    expect(retryAfterMs("Tue, 08 Dec 2026 12:00:00 GMT", now)).toBe(TEAMS_RETRY_AFTER_MAX_MS);
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs("-5", now)).toBeNull();
    expect(retryAfterMs("soon", now)).toBeNull();
    expect(retryAfterMs("1.5", now)).toBeNull();
  });
});
