import { domainToASCII } from "node:url";

/**
 * E-mail domains a tenant claims for single sign-on: what a claim must look like, and the DNS TXT
 * record that proves it. Pure rules, no database (tests/unit/sso-domain.test.ts).
 */

/** The TXT record's value starts with this; the rest is the domain's verification token. */
export const SSO_TXT_PREFIX = "chorus-domain-verification=";
/**
 * The record is looked up at `_chorus.<domain>` first, then at the domain itself. The page shows the
 * sub-name: it does not crowd the apex's TXT records (SPF, other verifications), and a domain whose
 * apex is a CNAME can still hold it.
 */
export const SSO_TXT_LABEL = "_chorus";

export const SSO_DOMAIN_MAX_LENGTH = 253;

/**
 * Suffixes under which anybody can register a name: claiming one of them would claim every company
 * below it. Single labels ("com", "de") are refused by the shape already; these are the common
 * two-label public suffixes of the markets Chorus sells in and the big shared hosting ones. Not the
 * full Public Suffix List (no runtime dependency carries it): a claim still needs its TXT record, so
 * this only turns an admin's slip into a clear message.
 */
export const PUBLIC_SUFFIXES: ReadonlySet<string> = new Set([
  "co.uk",
  "org.uk",
  "ac.uk",
  "gov.uk",
  "me.uk",
  "ltd.uk",
  "plc.uk",
  "co.at",
  "or.at",
  "ac.at",
  "gv.at",
  "com.au",
  "net.au",
  "org.au",
  "co.nz",
  "co.jp",
  "com.br",
  "co.za",
  "com.cn",
  "com.tr",
  "co.in",
  "com.pl",
  "com.es",
  "co.it",
  "com.de",
  "github.io",
  "herokuapp.com",
  "azurewebsites.net",
  "onmicrosoft.com",
  "appspot.com",
  "blogspot.com",
  "vercel.app",
  "netlify.app",
  "pages.dev",
  "workers.dev",
  "fly.dev",
]);

/**
 * Mailbox providers: everybody's address, nobody's company. A tenant claiming one would route every
 * customer of that provider to its sign-in.
 */
export const SHARED_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "live.com",
  "msn.com",
  "yahoo.com",
  "icloud.com",
  "me.com",
  "gmx.de",
  "gmx.at",
  "gmx.net",
  "gmx.ch",
  "web.de",
  "t-online.de",
  "posteo.de",
  "mailbox.org",
  "proton.me",
  "protonmail.com",
  "aol.com",
]);

export type SsoDomainProblem = "domainInvalid" | "domainPublicSuffix" | "domainSharedMail";

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
// the top-level label: letters, or an IDN's punycode form
const TOP_LABEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * What an admin typed → the stored form: trimmed, lower case, no trailing dot, an internationalised
 * name in its ASCII (punycode) form — the form e-mail domains are compared in (`Müller.de` and
 * `xn--mller-kva.de` are one claim). A leading "@" or a whole address is forgiven (people paste
 * `@acme.com` or `me@acme.com`); anything else that is not a registrable-looking host name is refused.
 */
export function normaliseSsoDomain(input: string): { domain: string } | { problem: SsoDomainProblem } {
  let value = input.trim();
  const at = value.lastIndexOf("@");
  if (at !== -1) value = value.slice(at + 1);
  value = value.replace(/\.$/, "");
  if (!value || /[\s/:?#\\]/.test(value)) return { problem: "domainInvalid" };
  // domainToASCII lower-cases, maps IDNs to punycode and returns "" for what is not a host name
  const ascii = domainToASCII(value);
  if (!ascii || ascii.length > SSO_DOMAIN_MAX_LENGTH) return { problem: "domainInvalid" };
  const labels = ascii.split(".");
  // a bare top-level domain ("com", "de") is a public suffix; any other single label is no domain
  if (labels.length < 2)
    return { problem: /^[a-z]{2,6}$/.test(ascii) ? "domainPublicSuffix" : "domainInvalid" };
  if (!labels.every((l) => LABEL.test(l)) || !TOP_LABEL.test(labels.at(-1)!))
    return { problem: "domainInvalid" };
  // an IP address is not a mail domain (domainToASCII accepts "10.0.0.1")
  if (labels.every((l) => /^[0-9]+$/.test(l))) return { problem: "domainInvalid" };
  if (PUBLIC_SUFFIXES.has(ascii)) return { problem: "domainPublicSuffix" };
  if (SHARED_MAIL_DOMAINS.has(ascii)) return { problem: "domainSharedMail" };
  return { domain: ascii };
}

/**
 * The domain of an e-mail address in the stored form, or null when it has none that could be
 * claimed. Used at sign-in: an address's domain is looked up as it is, public suffixes included
 * (they are simply never found).
 */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf("@");
  if (at === -1) return null;
  const ascii = domainToASCII(
    email
      .slice(at + 1)
      .trim()
      .replace(/\.$/, ""),
  );
  return ascii && ascii.includes(".") ? ascii : null;
}

/** The TXT record an admin adds: its name and its value. */
export function verificationRecord(domain: string, token: string): { name: string; value: string } {
  return { name: `${SSO_TXT_LABEL}.${domain}`, value: `${SSO_TXT_PREFIX}${token}` };
}

/**
 * What the TXT records at a name say about the claim: the right token, only other tokens (another
 * tenant's claim, an old token), or no verification record at all. Each record is the join of its
 * character-strings (a long value may be split into several of up to 255 bytes).
 */
export function matchVerificationRecords(
  records: readonly (readonly string[])[],
  token: string,
): "match" | "mismatch" | "missing" {
  const values = records.map((chunks) => chunks.join("").trim());
  if (values.includes(`${SSO_TXT_PREFIX}${token}`)) return "match";
  return values.some((v) => v.startsWith(SSO_TXT_PREFIX)) ? "mismatch" : "missing";
}
