import { z } from "zod";
import { KeyringError, secretsKeyring } from "~/app/lib/secrets-keyring.server.ts";
import { CliError, parseFlags, type CommandResult } from "~/cli/args.ts";

/**
 * `secrets rotate [--json]`: re-encrypts every stored secret (LinkedIn client secrets and access
 * tokens, single sign-on client secrets, Teams webhook URLs, Slack bot tokens; all tenants) with the
 * current key, the first of SECRETS_KEYS. Safe to run again: what is
 * already under the current key is left alone. Exit code 1 when any secret could not be decrypted
 * (its key is no longer configured): those stay as they were and are listed.
 */
export async function secretsRotate(argv: string[]): Promise<CommandResult> {
  parseFlags(argv, { json: { type: "boolean" } }, z.object({ json: z.boolean().optional() }));
  let keyring;
  try {
    keyring = secretsKeyring();
  } catch (error) {
    if (error instanceof KeyringError)
      throw new CliError(
        error.problems.map((p) => `${p.variable} ${p.message}`),
        "invalid_keys",
      );
    throw error;
  }
  if (!keyring)
    throw new CliError(
      'no key configured: set SECRETS_KEYS ("<id>:<base64>,…", the first encrypts) or SECRETS_KEY',
      "no_keys",
    );

  const { database } = await import("~/db/client.ts");
  const { rotateSecrets } = await import("~/app/modules/profiles/rotate-secrets.server.ts");
  const { db } = await database();
  const report = await rotateSecrets(db, keyring);

  const line = (label: string, c: { rotated: number; current: number; failed: number }) =>
    `  ${label.padEnd(24)} ${c.rotated} re-encrypted, ${c.current} already current, ${c.failed} failed`;
  const text = [
    `Secrets re-encrypted with key "${report.currentKeyId}" across ${report.tenants} tenant(s):`,
    line("LinkedIn client secrets", report.linkedinClientSecrets),
    line("LinkedIn access tokens", report.linkedinAccessTokens),
    line("SSO client secrets", report.identityProviderSecrets),
    line("Teams webhook URLs", report.teamsWebhookUrls),
    line("Slack bot tokens", report.slackBotTokens),
    ...report.failures.map(
      (f) => `  failed: tenant ${f.tenantId}, ${f.column} (row ${f.rowId}): ${f.reason}`,
    ),
    ...(report.failures.length > 0
      ? [
          "Add the missing keys to SECRETS_KEYS and run again; until then these secrets stay under their old key.",
        ]
      : ["Every stored secret is under the current key: older keys can be removed from SECRETS_KEYS."]),
  ].join("\n");
  return { json: report, text, exitCode: report.failures.length > 0 ? 1 : 0 };
}
