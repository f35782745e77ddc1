import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseEnv } from "~/app/lib/env.server.ts";
import { isLoopbackAddress, isLoopbackHost, serverListenHost } from "~/app/lib/loopback.server.ts";
import {
  devOutboxAllowed,
  devOutboxAllowedFor,
  requireDevOutbox,
} from "~/app/modules/notifications/dev-outbox-access.server.ts";
import { listenHost } from "~/scripts/listen-host.ts";
import { LOOPBACK_SPOOFS } from "~/tests/support/forwarding-spoofs.ts";

describe("the development mail outbox (every sign-in link in it)", () => {
  const local = { nodeEnv: "development", resendConfigured: false, forwarded: false } as const;

  it("answers a client on this machine, over IPv4, IPv6 and IPv4-mapped IPv6", () => {
    for (const peer of ["127.0.0.1", "127.8.0.1", "::1", "::ffff:127.0.0.1"])
      expect(devOutboxAllowed({ ...local, peer }), peer).toBe(true);
  });

  it("refuses a client on another machine, however its address is written", () => {
    for (const peer of [
      "192.168.1.20",
      "10.0.0.5",
      "::ffff:192.168.1.20",
      "fe80::1",
      "0.0.0.0",
      "",
      "localhost",
      "127.0.0.1.evil.example",
    ]) {
      expect(devOutboxAllowed({ ...local, peer }), peer).toBe(false);
    }
  });

  it("refuses a loopback peer once any forwarding header is present: a local proxy or tunnel stands in for anyone", () => {
    expect(devOutboxAllowed({ ...local, peer: "127.0.0.1", forwarded: true })).toBe(false);
  });

  it("does not exist in production, not even for loopback", () => {
    expect(devOutboxAllowed({ ...local, peer: "127.0.0.1", nodeEnv: "production" })).toBe(false);
  });

  it("does not exist while mail goes out through Resend", () => {
    expect(devOutboxAllowed({ ...local, peer: "127.0.0.1", resendConfigured: true })).toBe(false);
  });
});

describe("the /dev/mail loaders decide on the socket, never on a header", () => {
  const request = (headers: Record<string, string> = {}) =>
    new Request("http://127.0.0.1:3000/dev/mail", { headers });
  const saved = { NODE_ENV: process.env.NODE_ENV, RESEND_API_KEY: process.env.RESEND_API_KEY };
  beforeEach(() => {
    process.env.NODE_ENV = "development";
    delete process.env.RESEND_API_KEY;
  });
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it("answers a loopback peer that names no other client", () => {
    expect(devOutboxAllowedFor(request(), { peer: "127.0.0.1" })).toBe(true);
    expect(() => requireDevOutbox(request(), { peer: "::1" })).not.toThrow();
  });

  it("ignores addresses a client writes into headers, from any peer (the spoofs that once read the outbox)", () => {
    for (const headers of LOOPBACK_SPOOFS) {
      // a remote client behind TRUST_PROXY, and a local reverse proxy or tunnel relaying it
      for (const peer of ["203.0.113.9", "127.0.0.1"]) {
        expect(
          devOutboxAllowedFor(request(headers), { peer }),
          `${JSON.stringify(headers)} from ${peer}`,
        ).toBe(false);
        expect(() => requireDevOutbox(request(headers), { peer })).toThrow(Response);
      }
    }
  });

  it("is a 404 for a remote peer", () => {
    let thrown: unknown;
    try {
      requireDevOutbox(request(), { peer: "192.168.1.20" });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
  });
});

describe("where npm start listens", () => {
  it("listens on 127.0.0.1 when HOST is unset", () => {
    expect(listenHost(parseEnv({}), { dev: true })).toEqual({ ok: true, host: "127.0.0.1" });
    expect(listenHost(parseEnv({ HOST: "" }), { dev: false })).toEqual({ ok: true, host: "127.0.0.1" });
  });

  it("serves the development build on loopback addresses only", () => {
    for (const host of ["localhost", "::1", "127.0.0.1"])
      expect(listenHost(parseEnv({ HOST: host }), { dev: true })).toEqual({ ok: true, host });
    for (const host of ["0.0.0.0", "::", "192.168.1.20", "chorus.internal"]) {
      const refused = listenHost(parseEnv({ HOST: host }), { dev: true });
      expect(refused.ok, host).toBe(false);
      expect(!refused.ok && refused.reason).toContain(`HOST=${host}`);
    }
  });

  it("refuses React Router's development mode (stack traces in pages) on other interfaces too", () => {
    expect(listenHost(parseEnv({ HOST: "0.0.0.0" }), { dev: false }).ok).toBe(false);
    expect(
      listenHost(
        parseEnv({ HOST: "0.0.0.0", NODE_ENV: "production", APP_URL: "https://chorus.example.com" }),
        { dev: false },
      ),
    ).toEqual({ ok: true, host: "0.0.0.0" });
  });

  it("server.ts run directly listens on 127.0.0.1 unless HOST is set or NODE_ENV=production", () => {
    expect(serverListenHost(parseEnv({}))).toBe("127.0.0.1");
    expect(serverListenHost(parseEnv({ NODE_ENV: "test" }))).toBe("127.0.0.1");
    expect(serverListenHost(parseEnv({ HOST: "0.0.0.0" }))).toBe("0.0.0.0");
    expect(
      serverListenHost(parseEnv({ NODE_ENV: "production", APP_URL: "https://chorus.example.com" })),
    ).toBeUndefined();
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
