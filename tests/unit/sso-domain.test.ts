import { describe, expect, it } from "vitest";
import {
  emailDomain,
  matchVerificationRecords,
  normaliseSsoDomain,
  verificationRecord,
} from "~/app/modules/sso/sso-domain.ts";

describe("normaliseSsoDomain", () => {
  it.each([
    ["example.com", "example.com"],
    ["  Example.COM. ", "example.com"],
    ["@acme.de", "acme.de"],
    ["erika@Acme.de", "acme.de"],
    ["mail.acme.co.uk", "mail.acme.co.uk"],
    ["acme.co.uk", "acme.co.uk"],
    // IDNs are stored as punycode, the form mail domains are compared in
    ["Müller.de", "xn--mller-kva.de"],
    ["xn--mller-kva.de", "xn--mller-kva.de"],
    ["bücher.example", "xn--bcher-kva.example"],
    ["пример.рф", "xn--e1afmkfd.xn--p1ai"],
  ])("%s → %s", (input, domain) => {
    expect(normaliseSsoDomain(input)).toEqual({ domain });
  });

  it.each([
    ["com", "domainPublicSuffix"],
    ["de", "domainPublicSuffix"],
    ["co.uk", "domainPublicSuffix"],
    ["CO.AT", "domainPublicSuffix"],
    ["github.io", "domainPublicSuffix"],
    ["gmail.com", "domainSharedMail"],
    ["GMX.de", "domainSharedMail"],
    ["", "domainInvalid"],
    ["   ", "domainInvalid"],
    ["localhost", "domainInvalid"],
    ["10.0.0.1", "domainInvalid"],
    ["a..b.com", "domainInvalid"],
    ["-acme.com", "domainInvalid"],
    ["acme-.com", "domainInvalid"],
    ["acme_corp.com", "domainInvalid"],
    ["acme.c0m", "domainInvalid"],
    ["https://acme.com", "domainInvalid"],
    ["acme.com/login", "domainInvalid"],
    ["exa mple.com", "domainInvalid"],
    [`${"a".repeat(64)}.com`, "domainInvalid"],
    [`${"abcdefghi.".repeat(26)}com`, "domainInvalid"],
  ])("refuses %j (%s)", (input, problem) => {
    expect(normaliseSsoDomain(input)).toEqual({ problem });
  });

  it("gives every stored form the migration's CHECK accepts", () => {
    const check = /^[a-z0-9.-]+\.[a-z0-9-]+$/;
    for (const input of ["Müller.de", "ACME.com.", "пример.рф", "a-b.c-d.example"]) {
      const result = normaliseSsoDomain(input);
      expect("domain" in result && check.test(result.domain)).toBe(true);
    }
  });
});

describe("emailDomain", () => {
  it("takes the part after the last @ in the stored form", () => {
    expect(emailDomain("Erika@Acme.DE")).toBe("acme.de");
    expect(emailDomain("erika@müller.de")).toBe("xn--mller-kva.de");
    expect(emailDomain("odd@name@acme.de")).toBe("acme.de");
    expect(emailDomain("nobody")).toBeNull();
    expect(emailDomain("x@localhost")).toBeNull();
  });
});

describe("the verification record", () => {
  it("sits at _chorus.<domain> with the claim's token", () => {
    expect(verificationRecord("acme.de", "abc123")).toEqual({
      name: "_chorus.acme.de",
      value: "chorus-domain-verification=abc123",
    });
  });

  it("matches only the exact token, joining a record's character-strings", () => {
    const token = "0123456789abcdef0123456789abcdef";
    expect(matchVerificationRecords([["v=spf1 -all"], [`chorus-domain-verification=${token}`]], token)).toBe(
      "match",
    );
    expect(
      matchVerificationRecords([["chorus-domain-verification=0123456789abcdef", "0123456789abcdef"]], token),
    ).toBe("match");
    expect(matchVerificationRecords([[`chorus-domain-verification=${token}x`]], token)).toBe("mismatch");
    expect(matchVerificationRecords([[`chorus-domain-verification=`]], token)).toBe("mismatch");
    expect(matchVerificationRecords([[`${token}`]], token)).toBe("missing");
    expect(matchVerificationRecords([], token)).toBe("missing");
  });
});
