import { Resolver } from "node:dns/promises";
import { env } from "~/app/lib/env.server.ts";
import { SSO_TXT_LABEL, matchVerificationRecords } from "~/app/modules/sso/sso-domain.ts";

/** Per query try; two tries, two names: a dead server answers "unreachable" within about 10 s. */
export const DNS_TIMEOUT_MS = 2_500;

export type DnsVerification = "match" | "mismatch" | "missing" | "unreachable";

/** Codes of node:dns meaning "the name or its TXT records do not exist" (an answer, not a failure). */
const NO_RECORD = new Set(["ENOTFOUND", "ENODATA", "NXDOMAIN"]);

/**
 * Looks for the domain's verification record: TXT `chorus-domain-verification=<token>` at
 * `_chorus.<domain>`, else at the domain itself. Asks SSO_DNS_SERVERS (unset: the system's
 * resolvers) through a resolver of its own, so the servers of the rest of the process stay as they
 * are. A found record decides; a name without one is "missing", a lookup that fails (timeout,
 * SERVFAIL, refused) "unreachable" — not the admin's fault, worth trying again.
 */
export async function lookupVerification(
  domain: string,
  token: string,
  opts: { servers?: readonly string[]; timeoutMs?: number } = {},
): Promise<DnsVerification> {
  const resolver = new Resolver({ timeout: opts.timeoutMs ?? DNS_TIMEOUT_MS, tries: 2 });
  const servers = opts.servers ?? env().SSO_DNS_SERVERS;
  if (servers?.length) resolver.setServers([...servers]);
  let sawMismatch = false;
  let failed = false;
  for (const name of [`${SSO_TXT_LABEL}.${domain}`, domain]) {
    let records: string[][];
    try {
      records = await resolver.resolveTxt(name);
    } catch (error) {
      const code = (error as { code?: string }).code ?? "";
      if (!NO_RECORD.has(code)) failed = true;
      continue;
    }
    const found = matchVerificationRecords(records, token);
    if (found === "match") return "match";
    if (found === "mismatch") sawMismatch = true;
  }
  if (sawMismatch) return "mismatch";
  return failed ? "unreachable" : "missing";
}
