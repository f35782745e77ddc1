import { describe, expect, it } from "vitest";
import { parseEnv } from "../../app/lib/env.server.ts";
import { isLoopbackAddress, isLoopbackHost } from "../../app/lib/loopback.server.ts";
import { devOutboxAllowed } from "../../app/modules/notifications/dev-outbox-access.server.ts";
import { listenHost } from "../../scripts/listen-host.ts";

describe("the development mail outbox (every sign-in link in it)", () => {
  const local = { nodeEnv: "development", resendConfigured: false } as const;

  it("answers a client on this machine, over IPv4, IPv6 and IPv4-mapped IPv6", () => {
    for (const ip of ["127.0.0.1", "127.8.0.1", "::1", "::ffff:127.0.0.1"]) expect(devOutboxAllowed({ ...local, ip }), ip).toBe(true);
  });

  it("refuses a client on another machine, however its address is written", () => {
    for (const ip of ["192.168.1.20", "10.0.0.5", "::ffff:192.168.1.20", "fe80::1", "0.0.0.0", "", "localhost", "127.0.0.1.evil.example"]) {
      expect(devOutboxAllowed({ ...local, ip }), ip).toBe(false);
    }
  });

  it("does not exist in production, not even for loopback", () => {
    expect(devOutboxAllowed({ ip: "127.0.0.1", nodeEnv: "production", resendConfigured: false })).toBe(false);
  });

  it("does not exist while mail goes out through Resend", () => {
    expect(devOutboxAllowed({ ip: "127.0.0.1", nodeEnv: "development", resendConfigured: true })).toBe(false);
  });
});

describe("where npm start listens", () => {
  it("listens on 127.0.0.1 when HOST is unset", () => {
    expect(listenHost(parseEnv({}), { dev: true })).toEqual({ ok: true, host: "127.0.0.1" });
    expect(listenHost(parseEnv({ HOST: "" }), { dev: false })).toEqual({ ok: true, host: "127.0.0.1" });
  });

  it("serves the development build on loopback addresses only", () => {
    for (const host of ["localhost", "::1", "127.0.0.1"]) expect(listenHost(parseEnv({ HOST: host }), { dev: true })).toEqual({ ok: true, host });
    for (const host of ["0.0.0.0", "::", "192.168.1.20", "chorus.internal"]) {
      const refused = listenHost(parseEnv({ HOST: host }), { dev: true });
      expect(refused.ok, host).toBe(false);
      expect(!refused.ok && refused.reason).toContain(`HOST=${host}`);
    }
  });

  it("refuses React Router's development mode (stack traces in pages) on other interfaces too", () => {
    expect(listenHost(parseEnv({ HOST: "0.0.0.0" }), { dev: false }).ok).toBe(false);
    expect(listenHost(parseEnv({ HOST: "0.0.0.0", NODE_ENV: "production", APP_URL: "https://chorus.example.com" }), { dev: false })).toEqual({ ok: true, host: "0.0.0.0" });
  });

  it("validates HOST", () => {
    expect(() => parseEnv({ HOST: "not a host!" })).toThrow(/HOST: must be an IP address or a host name/);
  });

  it("knows loopback hosts from the rest", () => {
    expect(isLoopbackHost("[::1]")).toBe(true);
    expect(isLoopbackHost("LOCALHOST")).toBe(true);
    expect(isLoopbackHost("localhost.example.com")).toBe(false);
    expect(isLoopbackAddress("::ffff:7f00:1")).toBe(true);
  });
});
