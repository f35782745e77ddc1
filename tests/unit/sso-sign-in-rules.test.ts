import { describe, expect, it } from "vitest";
import {
  domainProvenByClaims,
  identityFromClaims,
  safeReturnTo,
  type SsoProviderRules,
} from "~/app/modules/sso/sso-sign-in-rules.ts";

const TID = "3f1c9a52-7a7e-4c55-9d0e-2b7e8f5a6c11";
const microsoft: SsoProviderRules = { kind: "microsoft", entraTenantId: TID, hostedDomain: null };
const google: SsoProviderRules = { kind: "google", entraTenantId: null, hostedDomain: "acme.de" };
const generic: SsoProviderRules = { kind: "oidc", entraTenantId: null, hostedDomain: null };

describe("identityFromClaims", () => {
  it("Entra: the configured directory only, oid as the subject, the UPN when there is no email", () => {
    const claims = { sub: "pairwise", oid: "oid-1", tid: TID, preferred_username: "Ada@Acme.de" };
    expect(identityFromClaims(microsoft, claims)).toEqual({
      subject: "oid-1",
      email: "ada@acme.de",
      name: null,
    });
    expect(identityFromClaims(microsoft, { ...claims, email: "ada.l@acme.de" })).toMatchObject({
      email: "ada.l@acme.de",
    });
    expect(identityFromClaims(microsoft, { ...claims, tid: "00000000-0000-0000-0000-000000000000" })).toEqual(
      {
        problem: "sso_wrong_directory",
      },
    );
    expect(identityFromClaims(microsoft, { ...claims, tid: undefined })).toEqual({
      problem: "sso_wrong_directory",
    });
    expect(identityFromClaims(microsoft, { ...claims, oid: undefined })).toEqual({
      problem: "sso_wrong_directory",
    });
  });

  it("Google: the configured Workspace (hd) and a verified address", () => {
    const claims = { sub: "1", email: "ada@acme.de", email_verified: true, hd: "acme.de", name: "Ada" };
    expect(identityFromClaims(google, claims)).toEqual({ subject: "1", email: "ada@acme.de", name: "Ada" });
    expect(identityFromClaims(google, { ...claims, hd: undefined })).toEqual({
      problem: "sso_wrong_directory",
    });
    expect(identityFromClaims(google, { ...claims, hd: "evil.de" })).toEqual({
      problem: "sso_wrong_directory",
    });
    expect(identityFromClaims(google, { ...claims, email_verified: undefined })).toEqual({
      problem: "sso_email_unverified",
    });
  });

  it("any other issuer: email_verified false refused, absent accepted; an address is required", () => {
    const claims = { sub: "s", email: "ada@acme.de" };
    expect(identityFromClaims(generic, claims)).toMatchObject({ subject: "s", email: "ada@acme.de" });
    expect(identityFromClaims(generic, { ...claims, email_verified: false })).toEqual({
      problem: "sso_email_unverified",
    });
    expect(identityFromClaims(generic, { sub: "s" })).toEqual({ problem: "sso_email_unverified" });
    expect(identityFromClaims(generic, { sub: "s", email: "not an address" })).toEqual({
      problem: "sso_email_unverified",
    });
  });
});

describe("domainProvenByClaims", () => {
  it("Google proves its hd, Entra the UPN's domain of its own members, a generic issuer nothing", () => {
    expect(domainProvenByClaims(google, { hd: "acme.de" })).toBe("acme.de");
    expect(domainProvenByClaims(google, { hd: "other.de" })).toBeNull();
    const iss = `https://login.microsoftonline.com/${TID}/v2.0`;
    expect(domainProvenByClaims(microsoft, { tid: TID, iss, preferred_username: "it@acme.de" })).toBe(
      "acme.de",
    );
    // a guest's UPN is their home address: idp names their home directory
    expect(
      domainProvenByClaims(microsoft, {
        tid: TID,
        iss,
        idp: "https://sts.windows.net/other/",
        preferred_username: "it@other.de",
      }),
    ).toBeNull();
    expect(
      domainProvenByClaims(microsoft, { tid: TID, preferred_username: "it@acme.onmicrosoft.com" }),
    ).toBeNull();
    expect(domainProvenByClaims(microsoft, { tid: "x", preferred_username: "it@acme.de" })).toBeNull();
    expect(
      domainProvenByClaims(generic, { email: "it@acme.de", email_verified: true, hd: "acme.de" }),
    ).toBeNull();
  });
});

describe("personal Microsoft accounts", () => {
  // anyone can make a personal Microsoft account, on any address they once confirmed (an ex-employee
  // keeps theirs on the company address): its directory proves no company's domain and signs in nobody
  for (const tid of ["9188040d-6c67-4c5b-b112-36a304b66dad", "F8CDEF31-A31E-4B4A-93E4-5F571E91255A"]) {
    it(`the shared directory ${tid} proves no domain and identifies nobody`, () => {
      const msa = { kind: "microsoft" as const, entraTenantId: tid, hostedDomain: null };
      const iss = `https://login.microsoftonline.com/${tid}/v2.0`;
      const claims = { tid, iss, oid: "o", sub: "s", preferred_username: "ceo@acme.de" };
      expect(domainProvenByClaims(msa, claims)).toBeNull();
      expect(identityFromClaims(msa, claims)).toEqual({ problem: "sso_wrong_directory" });
    });
  }
});

describe("safeReturnTo", () => {
  it("keeps paths inside the tenant and drops everything else", () => {
    expect(safeReturnTo("acme", "/t/acme/hub?x=1")).toBe("/t/acme/hub?x=1");
    expect(safeReturnTo("acme", "/t/acme")).toBe("/t/acme");
    for (const bad of [
      undefined,
      "",
      "https://evil.test",
      "//evil.test",
      "/t/acmex",
      "/t/other",
      "/t/acme/../x",
      "/t/acme//evil",
      "/t/acme/\\evil",
      // a browser resolves percent-encoded dot segments too (WHATWG URL): /t/acme/%2e%2e/other is /t/other
      "/t/acme/%2e%2e/other",
      "/t/acme/.%2E/other/admin",
      "/t/acme/%2e./other",
      "/t/acme/%2e%2e",
    ])
      expect(safeReturnTo("acme", bad)).toBe("/t/acme");
  });
});
