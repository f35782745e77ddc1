import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, Link, useNavigation, useSearchParams } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/profiles";
import { NETWORKS, type Network } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { ValidationError } from "~/app/lib/errors.ts";
import { SafeText, submissionFieldErrors } from "~/app/lib/validation.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { disconnectLinkedIn } from "~/app/modules/profiles/disconnect-linkedin.server.ts";
import { getLinkedInConnection } from "~/app/modules/profiles/get-linkedin-connection.server.ts";
import { isLinkedInAvailable } from "~/app/modules/profiles/linkedin-app.server.ts";
import { LinkedInError } from "~/app/modules/profiles/linkedin-config.server.ts";
import {
  deleteProfile,
  listProfiles,
  staleProfiles,
  upsertProfile,
} from "~/app/modules/profiles/profiles.server.ts";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";
import { dateTimeFormat } from "~/app/lib/intl.ts";

export const handle = { i18n: ["content", "profiles"], title: "titles.profiles" } satisfies I18nHandle;

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member, tenant } = await requireMember(request, params);
  return withTenant(db, member.tenantId, async (tx) => {
    const profiles = await listProfiles(tx, member);
    const available = await isLinkedInAvailable(tx, member);
    const connection = available ? await getLinkedInConnection(tx, member) : { connected: false };
    return {
      timeZone: tenant.timeZone,
      profiles: profiles.map((p) => ({
        ...p,
        followersRecordedAt: p.followersRecordedAt?.toISOString() ?? null,
      })),
      stale: staleProfiles(profiles).map((p) => p.network),
      linkedIn: {
        available,
        connected: connection.connected,
        expiresAt: connection.expiresAt?.toISOString() ?? null,
      },
    };
  });
}

/**
 * The profile page's forms, one per intent. A profile's fields are only read as text here: what a
 * handle, a follower count or an instance must look like is upsertProfile's to say (UpsertProfileInput).
 */
const ProfileActionInput = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("disconnect") }),
  z.object({ intent: z.literal("delete"), network: z.enum(NETWORKS) }),
  z.object({
    intent: z.literal("save"),
    network: z.enum(NETWORKS),
    handle: SafeText.optional(),
    followerCount: SafeText.optional(),
    mastodonInstance: SafeText.optional(),
    confirmFollowers: SafeText.optional(),
  }),
]);

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member } = await requireMember(request, params);
  const submission = parseWithZod(await request.formData(), { schema: ProfileActionInput });
  if (submission.status !== "success") {
    const errors = submissionFieldErrors(submission.error);
    if (errors.intent || errors.network) throw new Response("invalid_input", { status: 400 });
    const network = NETWORKS.find((n) => n === submission.payload.network) ?? null;
    return data({ ok: null, network, errors }, { status: 400 });
  }
  const form = submission.value;
  const network = form.intent === "disconnect" ? undefined : form.network;
  try {
    if (form.intent === "disconnect") {
      await withTenant(db, member.tenantId, (tx) => disconnectLinkedIn(tx, member));
      return { ok: "disconnected" as const, network: null, errors: null };
    }
    if (form.intent === "delete") {
      await withTenant(db, member.tenantId, (tx) => deleteProfile(tx, member, form.network));
      return { ok: "removed" as const, network, errors: null };
    }
    await withTenant(db, member.tenantId, (tx) =>
      upsertProfile(tx, member, {
        network: form.network,
        handle: form.handle ?? "",
        followerCount: form.followerCount ?? "",
        mastodonInstance: form.mastodonInstance ?? "",
        confirmFollowers: form.confirmFollowers ?? "",
      }),
    );
    return { ok: "saved" as const, network, errors: null };
  } catch (error) {
    if (error instanceof ValidationError)
      return data({ ok: null, network: network ?? null, errors: error.fieldErrors }, { status: 400 });
    if (error instanceof LinkedInError)
      return data({ ok: null, network: null, errors: { linkedin: [error.code] } }, { status: error.status });
    throw error;
  }
}

export default function Profiles({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const [search] = useSearchParams();
  const formatDate = (iso: string) =>
    dateTimeFormat(i18n.language, { dateStyle: "medium", timeZone: loaderData.timeZone }).format(
      new Date(iso),
    );
  const byNetwork = new Map(loaderData.profiles.map((p) => [p.network, p]));
  const { linkedIn } = loaderData;
  const linkedInNotice = search.get("linkedin");
  const linkedInError = search.get("linkedin_error") ?? actionData?.errors?.linkedin?.[0];
  const expired = linkedIn.expiresAt !== null && !linkedIn.connected;

  return (
    <>
      <h1>{t("profiles.title")}</h1>
      <p>{t("profiles.lead")}</p>

      {loaderData.stale.length > 0 ? (
        <section className="alert" role="status" aria-labelledby="stale-h">
          <strong id="stale-h">{t("profiles.staleTitle")}</strong>
          <p>
            {t("profiles.staleBody", {
              networks: loaderData.stale.map((n) => t(`content.networks.${n}`)).join(", "),
            })}
          </p>
        </section>
      ) : null}

      {linkedIn.available || linkedInError ? (
        <section className="card stack" aria-labelledby="linkedin-h">
          <h2 id="linkedin-h">{t("profiles.linkedin.title")}</h2>
          {linkedInNotice === "connected" ? (
            <p className="notice" role="status">
              {t("profiles.linkedin.connected")}
            </p>
          ) : null}
          {actionData?.ok === "disconnected" ? (
            <p className="notice" role="status">
              {t("profiles.linkedin.disconnected")}
            </p>
          ) : null}
          {linkedInError ? (
            <p className="alert" role="alert">
              {t(`profiles.linkedin.errors.${linkedInError}`, { defaultValue: t("profiles.errors.generic") })}
            </p>
          ) : null}
          {linkedIn.available ? (
            <>
              <p>{t("profiles.linkedin.lead")}</p>
              {linkedIn.connected && linkedIn.expiresAt ? (
                <div className="row">
                  <span>
                    {t("profiles.linkedin.connectedUntil", { date: formatDate(linkedIn.expiresAt) })}
                  </span>
                  <Form method="post">
                    <input type="hidden" name="intent" value="disconnect" />
                    <button type="submit" className="danger">
                      {t("profiles.linkedin.disconnect")}
                    </button>
                  </Form>
                </div>
              ) : (
                <div className="row">
                  {expired && linkedIn.expiresAt ? (
                    <span>{t("profiles.linkedin.expired", { date: formatDate(linkedIn.expiresAt) })}</span>
                  ) : null}
                  <Link to="linkedin/connect" relative="path" reloadDocument className="button">
                    {t("profiles.linkedin.connect")}
                  </Link>
                </div>
              )}
            </>
          ) : null}
        </section>
      ) : null}

      {NETWORKS.map((network) => (
        <NetworkCard
          key={network}
          network={network}
          profile={byNetwork.get(network)}
          stale={loaderData.stale.includes(network)}
          result={actionData?.network === network ? actionData : undefined}
          formatDate={formatDate}
        />
      ))}
    </>
  );
}

interface ProfileView {
  handle: string;
  followerCount: number | null;
  followersRecordedAt: string | null;
  mastodonInstance: string | null;
}

function NetworkCard({
  network,
  profile,
  stale,
  result,
  formatDate,
}: {
  network: Network;
  profile: ProfileView | undefined;
  stale: boolean;
  result:
    { ok: "saved" | "removed" | "disconnected" | null; errors: Record<string, string[]> | null } | undefined;
  formatDate: (iso: string) => string;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("network") === network;
  const errors = result?.errors ?? {};
  const id = (field: string) => `${network}-${field}`;
  const errorText = (field: string) =>
    errors[field]?.length ? (
      <span id={id(`${field}-error`)} className="field-error">
        {errors[field]
          .map((e) =>
            t([`profiles.errors.${e}`, `validation.${e}`], { defaultValue: t("profiles.errors.generic") }),
          )
          .join(" ")}
      </span>
    ) : null;
  const invalid = (field: string) =>
    errors[field]?.length ? { "aria-invalid": true, "aria-describedby": id(`${field}-error`) } : {};

  return (
    <section className="card stack" aria-labelledby={id("h")}>
      <h2 id={id("h")}>{t(`content.networks.${network}`)}</h2>
      <Form
        method="post"
        className="stack"
        key={`${network}-${profile?.handle ?? ""}-${profile?.followerCount ?? ""}`}
      >
        <input type="hidden" name="network" value={network} />
        {errorText("form")}
        <label htmlFor={id("handle")}>
          {t("profiles.handle")}
          <span className="hint">{t(`profiles.handleHint.${network}`)}</span>
          <input
            id={id("handle")}
            name="handle"
            defaultValue={profile?.handle ?? ""}
            required
            maxLength={200}
            autoComplete="off"
            {...invalid("handle")}
          />
          {errorText("handle")}
        </label>
        {network === "mastodon" ? (
          <label htmlFor={id("mastodonInstance")}>
            {t("profiles.mastodonInstance")}
            <span className="hint">{t("profiles.mastodonInstanceHint")}</span>
            <input
              id={id("mastodonInstance")}
              name="mastodonInstance"
              defaultValue={profile?.mastodonInstance ?? ""}
              placeholder="mastodon.social"
              {...invalid("mastodonInstance")}
            />
            {errorText("mastodonInstance")}
          </label>
        ) : null}
        <label htmlFor={id("followerCount")}>
          {t("profiles.followers")}
          <span className="hint">
            {profile?.followersRecordedAt
              ? t("profiles.recordedOn", { date: formatDate(profile.followersRecordedAt) })
              : t("profiles.followersHint")}
          </span>
          <input
            id={id("followerCount")}
            name="followerCount"
            type="number"
            inputMode="numeric"
            min={0}
            max={100_000_000}
            step={1}
            defaultValue={profile?.followerCount ?? ""}
            {...invalid("followerCount")}
          />
          {errorText("followerCount")}
        </label>
        {stale ? (
          <label className="row">
            <input type="checkbox" name="confirmFollowers" />
            {t("profiles.confirmFollowers")}
          </label>
        ) : null}
        <div className="row">
          <button type="submit" name="intent" value="save" disabled={busy}>
            {t("profiles.save")}
          </button>
          {profile ? (
            <button
              type="submit"
              name="intent"
              value="delete"
              className="danger"
              disabled={busy}
              formNoValidate
            >
              {t("profiles.remove")}
            </button>
          ) : null}
          {result?.ok === "saved" || result?.ok === "removed" ? (
            <span className="notice" role="status">
              {t(`profiles.${result.ok}`)}
            </span>
          ) : null}
        </div>
      </Form>
    </section>
  );
}
