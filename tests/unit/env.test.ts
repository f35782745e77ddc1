import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "~/app/lib/env.server.ts";

function issuesOf(source: NodeJS.ProcessEnv): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.issues;
    throw error;
  }
  throw new Error("expected parseEnv to reject this environment");
}

describe("parseEnv", () => {
  it("starts with no configuration at all: development on port 3000 with embedded PGlite", () => {
    const env = parseEnv({});
    expect(env.NODE_ENV).toBe("development");
    expect(env.PORT).toBe(3000);
    // no DATABASE_URL means PGlite (db/client.ts opens PGlite when url is undefined)
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.TRUST_PROXY).toBe(false);
  });

  it("treats empty variables (as compose files and .env templates leave them) as unset", () => {
    const env = parseEnv({ DATABASE_URL: "", REDIS_URL: "", RESEND_API_KEY: "" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.RESEND_API_KEY).toBeUndefined();
  });

  it("accepts a postgres URL and a redis URL", () => {
    const env = parseEnv({
      DATABASE_URL: "postgresql://chorus@db:5432/chorus",
      REDIS_URL: "rediss://cache:6380",
      PORT: "8080",
    });
    expect(env.DATABASE_URL).toBe("postgresql://chorus@db:5432/chorus");
    expect(env.REDIS_URL).toBe("rediss://cache:6380");
    expect(env.PORT).toBe(8080);
  });

  it.each([
    ["DATABASE_URL", "mysql://db:3306/chorus"],
    ["DATABASE_URL", "not a url"],
    ["PORT", "eighty"],
    ["PORT", "70000"],
    ["REDIS_URL", "http://cache:6379"],
    ["TRUST_PROXY", "maybe"],
  ])("rejects %s=%j with a message naming the variable", (name, value) => {
    const issues = issuesOf({ [name]: value });
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) expect(issue).toMatch(new RegExp(`^${name}: `));
  });

  it("reports every bad variable at once, in the error message the operator sees at boot", () => {
    expect(() => parseEnv({ PORT: "0", DATABASE_URL: "mysql://x" })).toThrowError(
      /PORT: [\s\S]*DATABASE_URL: |DATABASE_URL: [\s\S]*PORT: /,
    );
  });

  it("requires APP_URL in production (emails link to it, CSRF compares with it)", () => {
    expect(issuesOf({ NODE_ENV: "production" })).toEqual([
      expect.stringMatching(/^APP_URL: is required in production/),
    ]);
    expect(parseEnv({ NODE_ENV: "production", APP_URL: "https://chorus.example.com" }).APP_URL).toBe(
      "https://chorus.example.com",
    );
  });

  it("takes LINKS_URL only on APP_URL's hostname: another port is fine, another host would lose the sharer's session cookie", () => {
    const app = { APP_URL: "https://chorus.example.com" };
    expect(parseEnv({ ...app, LINKS_URL: "https://chorus.example.com:8443" }).LINKS_URL).toBe(
      "https://chorus.example.com:8443",
    );
    expect(issuesOf({ ...app, LINKS_URL: "https://go.example.com" })).toEqual([
      expect.stringMatching(/^LINKS_URL: must have APP_URL's hostname/),
    ]);
    expect(issuesOf({ LINKS_URL: "https://chorus.example.com:8443" })).toEqual([
      expect.stringMatching(/^LINKS_URL: must have APP_URL's hostname/),
    ]);
  });

  it("lets production web and worker processes run without the owner's URL (the login is proved when the pool connects)", () => {
    const production = { NODE_ENV: "production", APP_URL: "https://chorus.example.com" };
    const superuser = "postgres://postgres@db.internal:5432/chorus";
    // a web process with only the member-only login: migrations run elsewhere with the owner's secret.
    // A superuser or owner login is refused by db/client.ts at first connect (tests/integration/db-roles.test.ts).
    expect(
      parseEnv({ ...production, DATABASE_URL: "postgres://chorus_web:pw@db.internal:5432/chorus" })
        .DATABASE_OWNER_URL,
    ).toBeUndefined();
    expect(
      parseEnv({
        ...production,
        DATABASE_URL: "postgres://chorus_web:pw@db.internal:5432/chorus",
        DATABASE_OWNER_URL: superuser,
      }).DATABASE_OWNER_URL,
    ).toBe(superuser);
    // PGlite in production (`npm start` on one machine) and development on PostgreSQL need no owner URL
    expect(parseEnv(production).DATABASE_URL).toBeUndefined();
    expect(parseEnv({ NODE_ENV: "development", DATABASE_URL: superuser }).DATABASE_URL).toBe(superuser);
    expect(parseEnv({ NODE_ENV: "test", DATABASE_URL: superuser }).DATABASE_URL).toBe(superuser);
  });

  it.each([
    ["true", true],
    ["false", false],
    ["1", true],
  ])("coerces TRUST_PROXY=%j to %s", (value, expected) => {
    expect(parseEnv({ TRUST_PROXY: value }).TRUST_PROXY).toBe(expected);
  });
});
