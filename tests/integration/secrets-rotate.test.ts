import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { secretsKeyring } from "~/app/lib/secrets-keyring.server.ts";
import { openTeamsWebhookUrl } from "~/app/modules/chat/add-teams-channel.server.ts";
import { slackBotTokenContext, teamsWebhookContext } from "~/app/modules/chat/chat-secrets.server.ts";
import { openSlackBotToken } from "~/app/modules/chat/slack-installation.server.ts";
import { appContext, tokenContext } from "~/app/modules/profiles/linkedin-config.server.ts";
import { linkedInMemberAccess } from "~/app/modules/profiles/linkedin-member-access.server.ts";
import { rotateSecrets, type RotationReport } from "~/app/modules/profiles/rotate-secrets.server.ts";
import { seal } from "~/app/modules/profiles/secret-box.server.ts";
import { identityProviderSecretContext } from "~/app/modules/sso/identity-provider-secret.server.ts";
import { requireIdentityProvider } from "~/app/modules/sso/identity-provider.server.ts";
import { addMember, createTenant, createUser } from "~/tests/support/factories.ts";
import { chorus } from "~/tests/support/cli.ts";
import { legacySeal } from "~/tests/support/legacy-seal.ts";

/**
 * `chorus secrets rotate`: a token stored under an old key is re-encrypted with the new one, and
 * afterwards the old key can go. The CLI runs as operators run it (a child process with --json);
 * the other checks call the domain function the command calls.
 */

const CLI_TIMEOUT = 90_000;

const b64 = (key: Buffer) => key.toString("base64");
const k0 = randomBytes(32);
const k1 = randomBytes(32);
const k2 = randomBytes(32);
const k9 = randomBytes(32);
const savedEnv = { ...process.env };
let db: DB;

function useKeys(keys: { SECRETS_KEYS?: string; SECRETS_KEY?: string }): void {
  delete process.env.SECRETS_KEYS;
  delete process.env.SECRETS_KEY;
  Object.assign(process.env, keys);
}

function currentKeyring() {
  const keyring = secretsKeyring();
  if (!keyring) throw new Error("no keyring configured");
  return keyring;
}

/**
 * A tenant with a LinkedIn app, one connected member, an SSO provider, a Teams channel (its webhook
 * URL), a Slack channel (no secret) and a Slack workspace (its bot token), each secret sealed by the
 * given function.
 */
async function tenantWithLinkedIn(sealAs: (plaintext: string, context: string) => string) {
  const tenant = await createTenant(db);
  const user = await createUser(db);
  const member = await addMember(db, tenant.id, user.id, ["employee"]);
  const clientSecret = `secret-${randomBytes(6).toString("hex")}`;
  const accessToken = `AQV-${randomBytes(12).toString("hex")}`;
  const ssoSecret = `sso-${randomBytes(6).toString("hex")}`;
  const teamsChannelId = randomUUID();
  const webhookUrl = `https://prod-07.westeurope.logic.azure.com/workflows/${randomBytes(8).toString("hex")}/triggers/manual/paths/invoke?api-version=2016-06-01&sig=${randomBytes(16).toString("hex")}`;
  const slackInstallationId = randomUUID();
  const botToken = `xoxb-${randomBytes(12).toString("hex")}`;
  await withTenant(db, tenant.id, async (tx) => {
    await tx
      .insertInto("linkedin_apps")
      .values({
        tenant_id: tenant.id,
        client_id: "chorus-app",
        client_secret_encrypted: sealAs(clientSecret, appContext(tenant.id)),
        updated_at: new Date(),
      })
      .execute();
    await tx
      .insertInto("linkedin_connections")
      .values({
        tenant_id: tenant.id,
        membership_id: member.id,
        linkedin_member_id: "abc123",
        access_token_encrypted: sealAs(accessToken, tokenContext(tenant.id, member.id)),
        expires_at: new Date(Date.now() + 60 * 24 * 3600 * 1000),
        scope: "openid profile w_member_social",
      })
      .execute();
    await tx
      .insertInto("identity_providers")
      .values({
        tenant_id: tenant.id,
        kind: "microsoft",
        display_name: "Microsoft",
        issuer: "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0",
        entra_tenant_id: "00000000-0000-0000-0000-000000000001",
        client_id: "chorus-sso",
        client_secret_encrypted: sealAs(ssoSecret, identityProviderSecretContext(tenant.id)),
      })
      .execute();
    await tx
      .insertInto("chat_channels")
      .values([
        {
          tenant_id: tenant.id,
          id: teamsChannelId,
          provider: "teams",
          name: "Marketing · General",
          webhook_url_encrypted: sealAs(webhookUrl, teamsWebhookContext(tenant.id, teamsChannelId)),
          webhook_host: "prod-07.westeurope.logic.azure.com",
        },
        { tenant_id: tenant.id, provider: "slack", name: "#general", slack_channel_id: "C0123ABCD" },
      ])
      .execute();
    await tx
      .insertInto("slack_installations")
      .values({
        tenant_id: tenant.id,
        id: slackInstallationId,
        team_id: `T${randomBytes(5).toString("hex").toUpperCase()}`,
        team_name: "Acme",
        bot_token_encrypted: sealAs(botToken, slackBotTokenContext(tenant.id, slackInstallationId)),
        scopes: "chat:write,commands",
      })
      .execute();
  });
  const raw = () =>
    withTenant(db, tenant.id, async (tx) => ({
      clientSecret: (
        await tx
          .selectFrom("linkedin_apps")
          .select("client_secret_encrypted")
          .where("tenant_id", "=", tenant.id)
          .executeTakeFirstOrThrow()
      ).client_secret_encrypted,
      accessToken: (
        await tx
          .selectFrom("linkedin_connections")
          .select("access_token_encrypted")
          .where("tenant_id", "=", tenant.id)
          .where("membership_id", "=", member.id)
          .executeTakeFirstOrThrow()
      ).access_token_encrypted,
      ssoSecret: (
        await tx
          .selectFrom("identity_providers")
          .select("client_secret_encrypted")
          .where("tenant_id", "=", tenant.id)
          .executeTakeFirstOrThrow()
      ).client_secret_encrypted,
      webhookUrl: (
        await tx
          .selectFrom("chat_channels")
          .select("webhook_url_encrypted")
          .where("tenant_id", "=", tenant.id)
          .where("id", "=", teamsChannelId)
          .executeTakeFirstOrThrow()
      ).webhook_url_encrypted,
      botToken: (
        await tx
          .selectFrom("slack_installations")
          .select("bot_token_encrypted")
          .where("tenant_id", "=", tenant.id)
          .executeTakeFirstOrThrow()
      ).bot_token_encrypted,
    }));
  const access = () => withTenant(db, tenant.id, (tx) => linkedInMemberAccess(tx, tenant.id, member.id));
  /** the SSO sign-in's own read of the provider (opens the secret under its context) */
  const sso = () => withTenant(db, tenant.id, (tx) => requireIdentityProvider(tx, tenant.id));
  /** the channel's webhook as delivery opens it (openTeamsWebhookUrl with the configured keys) */
  const teams = async () => {
    const sealed = (await raw()).webhookUrl;
    if (sealed === null) throw new Error("the Teams channel has no webhook URL");
    return openTeamsWebhookUrl(currentKeyring(), tenant.id, teamsChannelId, sealed);
  };
  /** the workspace's bot token as the Slack code opens it */
  const slack = () => withTenant(db, tenant.id, (tx) => openSlackBotToken(tx, tenant.id));
  return {
    tenantId: tenant.id,
    memberId: member.id,
    teamsChannelId,
    slackInstallationId,
    clientSecret,
    accessToken,
    ssoSecret,
    webhookUrl,
    botToken,
    raw,
    access,
    sso,
    teams,
    slack,
  };
}

beforeAll(async () => {
  db = (await database()).db;
});

afterAll(() => {
  process.env = savedEnv;
});

describe("secrets rotate", () => {
  it(
    "re-encrypts a LinkedIn token stored with k1 so that k2 alone decrypts it (CLI, --json)",
    { timeout: CLI_TIMEOUT },
    async () => {
      useKeys({ SECRETS_KEYS: `k1:${b64(k1)}` });
      const keyringK1 = currentKeyring();
      const stored = await tenantWithLinkedIn((plaintext, context) => seal(keyringK1, plaintext, context));
      const before = await stored.raw();
      expect(before.accessToken).toMatch(/^v2\.k1\./);

      useKeys({ SECRETS_KEYS: `k2:${b64(k2)},k1:${b64(k1)}` });
      const run = await chorus(["secrets", "rotate", "--json"]);
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout) as RotationReport;
      expect(report.currentKeyId).toBe("k2");
      expect(report.failures).toEqual([]);
      expect(report.linkedinAccessTokens.rotated).toBeGreaterThanOrEqual(1);
      expect(report.linkedinAccessTokens.failed).toBe(0);

      const after = await stored.raw();
      expect(after.accessToken).not.toBe(before.accessToken);
      expect(after.accessToken).toMatch(/^v2\.k2\./);
      expect(after.clientSecret).toMatch(/^v2\.k2\./);
      expect(before.ssoSecret).toMatch(/^v2\.k1\./);
      expect(after.ssoSecret).toMatch(/^v2\.k2\./);
      expect(report.identityProviderSecrets.rotated).toBeGreaterThanOrEqual(1);
      expect(report.identityProviderSecrets.failed).toBe(0);
      expect(run.stdout + run.stderr).not.toContain(stored.ssoSecret);
      expect(before.webhookUrl).toMatch(/^v2\.k1\./);
      expect(after.webhookUrl).toMatch(/^v2\.k2\./);
      expect(before.botToken).toMatch(/^v2\.k1\./);
      expect(after.botToken).toMatch(/^v2\.k2\./);
      expect(report.teamsWebhookUrls).toEqual({ rotated: 1, current: 0, failed: 0 });
      expect(report.slackBotTokens).toEqual({ rotated: 1, current: 0, failed: 0 });
      for (const secret of [stored.webhookUrl, stored.botToken])
        expect(run.stdout + run.stderr).not.toContain(secret);

      // the old key is gone: only k2 is configured, and the app still reads the token and the SSO secret
      useKeys({ SECRETS_KEYS: `k2:${b64(k2)}` });
      expect((await stored.access()).accessToken).toBe(stored.accessToken);
      expect((await stored.sso()).clientSecret).toBe(stored.ssoSecret);
      expect(await stored.teams()).toBe(stored.webhookUrl);
      expect((await stored.slack())?.botToken).toBe(stored.botToken);
      // …and the old key alone no longer opens them
      useKeys({ SECRETS_KEYS: `k1:${b64(k1)}` });
      await expect(stored.teams()).rejects.toThrow(/key id "k2", which is not configured/);
      await expect(stored.slack()).rejects.toThrow(/key id "k2", which is not configured/);

      // the operator's text: a line per kind, and a second run finds nothing left to do
      useKeys({ SECRETS_KEYS: `k2:${b64(k2)}` });
      const again = await chorus(["secrets", "rotate"]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/Teams webhook URLs +0 re-encrypted, 1 already current, 0 failed/);
      expect(again.stdout).toMatch(/Slack bot tokens +0 re-encrypted, 1 already current, 0 failed/);
      expect(again.stdout).toContain("older keys can be removed");
      expect(await stored.raw()).toEqual(after);
    },
  );

  it("upgrades values from before key ids (SECRETS_KEY) and is idempotent", async () => {
    useKeys({ SECRETS_KEY: b64(k0) });
    const legacy = await tenantWithLinkedIn((plaintext, context) => legacySeal(k0, plaintext, context));
    // the old single key still works as it did, before any rotation
    expect((await legacy.access()).accessToken).toBe(legacy.accessToken);

    // k2 too: the first test's rows (all tenants rotate) are under it by now
    useKeys({ SECRETS_KEYS: `k1:${b64(k1)},k2:${b64(k2)}`, SECRETS_KEY: b64(k0) });
    const first = await rotateSecrets(db, currentKeyring());
    expect(first.failures).toEqual([]);
    expect(first.linkedinClientSecrets.rotated).toBeGreaterThanOrEqual(1);
    const rotated = await legacy.raw();
    expect(rotated.clientSecret).toMatch(/^v2\.k1\./);
    expect(rotated.accessToken).toMatch(/^v2\.k1\./);
    expect(rotated.ssoSecret).toMatch(/^v2\.k1\./);
    expect(rotated.webhookUrl).toMatch(/^v2\.k1\./);
    expect(rotated.botToken).toMatch(/^v2\.k1\./);

    const second = await rotateSecrets(db, currentKeyring());
    expect(second.linkedinClientSecrets.rotated).toBe(0);
    expect(second.linkedinAccessTokens.rotated).toBe(0);
    expect(second.identityProviderSecrets.rotated).toBe(0);
    expect(second.teamsWebhookUrls).toEqual({
      rotated: 0,
      current: first.teamsWebhookUrls.rotated + first.teamsWebhookUrls.current,
      failed: 0,
    });
    expect(second.slackBotTokens).toEqual({
      rotated: 0,
      current: first.slackBotTokens.rotated + first.slackBotTokens.current,
      failed: 0,
    });
    expect(second.linkedinClientSecrets.current).toBe(
      first.linkedinClientSecrets.rotated + first.linkedinClientSecrets.current,
    );
    expect(await legacy.raw()).toEqual(rotated);

    useKeys({ SECRETS_KEYS: `k1:${b64(k1)}` });
    expect((await legacy.access()).accessToken).toBe(legacy.accessToken);
    expect((await legacy.sso()).clientSecret).toBe(legacy.ssoSecret);
    expect(await legacy.teams()).toBe(legacy.webhookUrl);
    expect((await legacy.slack())?.botToken).toBe(legacy.botToken);
  });

  it("reports a secret whose key is no longer configured, leaves it as it was and rotates the rest", async () => {
    useKeys({ SECRETS_KEYS: `k9:${b64(k9)}` });
    const keyringK9 = currentKeyring();
    const orphan = await tenantWithLinkedIn((plaintext, context) => seal(keyringK9, plaintext, context));
    useKeys({ SECRETS_KEYS: `k1:${b64(k1)}` });
    const fine = await tenantWithLinkedIn((plaintext, context) => seal(currentKeyring(), plaintext, context));
    // under a configured key but damaged: the Teams URL has a flipped byte, the Slack token was
    // sealed for another row (copied over); everything else of this tenant is fine
    const damaged = await tenantWithLinkedIn((plaintext, context) => {
      if (context.startsWith("slack_installations."))
        return seal(currentKeyring(), plaintext, slackBotTokenContext(randomUUID(), randomUUID()));
      const sealed = seal(currentKeyring(), plaintext, context);
      if (!context.startsWith("chat_channels.")) return sealed;
      const [version, keyId, body] = sealed.split(".") as [string, string, string];
      const raw = Buffer.from(body, "base64url");
      raw.writeUInt8(raw.readUInt8(raw.length - 1) ^ 0x01, raw.length - 1);
      return `${version}.${keyId}.${raw.toString("base64url")}`;
    });
    // a workspace removed from Slack: its token is gone (null), nothing to rotate and nothing failed
    const revoked = await createTenant(db);
    await withTenant(db, revoked.id, (tx) =>
      tx
        .insertInto("slack_installations")
        .values({
          tenant_id: revoked.id,
          team_id: "TREVOKED1",
          team_name: "Gone",
          bot_token_encrypted: null,
          revoked_at: new Date(),
          scopes: "chat:write",
        })
        .execute(),
    );
    const orphanBefore = await orphan.raw();
    const damagedBefore = await damaged.raw();

    useKeys({ SECRETS_KEYS: `k2:${b64(k2)},k1:${b64(k1)}` });
    const report = await rotateSecrets(db, currentKeyring());
    expect(report.failures).toEqual(
      expect.arrayContaining([
        {
          tenantId: orphan.tenantId,
          column: "linkedin_connections.access_token_encrypted",
          rowId: orphan.memberId,
          keyId: "k9",
          reason:
            'secret was encrypted with key id "k9", which is not configured (configured: k2, k1); add it to SECRETS_KEYS',
        },
        expect.objectContaining({
          tenantId: orphan.tenantId,
          column: "linkedin_apps.client_secret_encrypted",
          keyId: "k9",
        }),
        expect.objectContaining({
          tenantId: orphan.tenantId,
          column: "identity_providers.client_secret_encrypted",
          keyId: "k9",
        }),
        expect.objectContaining({
          tenantId: orphan.tenantId,
          column: "chat_channels.webhook_url_encrypted",
          rowId: orphan.teamsChannelId,
          keyId: "k9",
        }),
        expect.objectContaining({
          tenantId: orphan.tenantId,
          column: "slack_installations.bot_token_encrypted",
          rowId: orphan.slackInstallationId,
          keyId: "k9",
        }),
      ]),
    );
    expect(report.failures.filter((f) => f.tenantId === damaged.tenantId)).toEqual([
      {
        tenantId: damaged.tenantId,
        column: "chat_channels.webhook_url_encrypted",
        rowId: damaged.teamsChannelId,
        keyId: "k1",
        reason: 'secret does not decrypt with key "k1" (wrong key or context)',
      },
      {
        tenantId: damaged.tenantId,
        column: "slack_installations.bot_token_encrypted",
        rowId: damaged.slackInstallationId,
        keyId: "k1",
        reason: 'secret does not decrypt with key "k1" (wrong key or context)',
      },
    ]);
    expect(
      report.failures.every((f) => f.tenantId === orphan.tenantId || f.tenantId === damaged.tenantId),
    ).toBe(true);
    expect(report.teamsWebhookUrls.failed).toBe(2);
    expect(report.slackBotTokens.failed).toBe(2);
    expect(await orphan.raw()).toEqual(orphanBefore);

    // the damaged values stay exactly as they were; the rest of that tenant rotated
    const damagedAfter = await damaged.raw();
    expect(damagedAfter.webhookUrl).toBe(damagedBefore.webhookUrl);
    expect(damagedAfter.botToken).toBe(damagedBefore.botToken);
    expect(damagedAfter.clientSecret).toMatch(/^v2\.k2\./);
    expect(damagedAfter.accessToken).toMatch(/^v2\.k2\./);
    expect(damagedAfter.ssoSecret).toMatch(/^v2\.k2\./);

    const fineAfter = await fine.raw();
    expect(fineAfter.accessToken).toMatch(/^v2\.k2\./);
    expect(fineAfter.ssoSecret).toMatch(/^v2\.k2\./);
    expect(fineAfter.webhookUrl).toMatch(/^v2\.k2\./);
    expect(fineAfter.botToken).toMatch(/^v2\.k2\./);
    useKeys({ SECRETS_KEYS: `k2:${b64(k2)}` });
    expect(await fine.teams()).toBe(fine.webhookUrl);
    expect((await fine.slack())?.botToken).toBe(fine.botToken);
  });
});
