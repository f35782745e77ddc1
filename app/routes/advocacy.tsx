import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/advocacy";
import { withTenant } from "~/db/tenant.ts";
import { ONBOARDING_PATHS } from "~/db/tables/advocacy.ts";
import { getAdvocateStatus } from "~/app/modules/advocacy/advocate-status.server.ts";
import { CONSENT_VERSION } from "~/app/modules/advocacy/consent-text.ts";
import { completeOnboarding } from "~/app/modules/advocacy/onboarding.server.ts";
import { optIn } from "~/app/modules/advocacy/opt-in.server.ts";
import { optOut } from "~/app/modules/advocacy/opt-out.server.ts";
import { renewConsent } from "~/app/modules/advocacy/renew-consent.server.ts";
import { JoinInput, LeaveInput, OnboardingInput } from "~/app/modules/advocacy/schemas.ts";
import { PlanLimitError } from "~/app/modules/billing/gates.server.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { getDigestPreference, setDigestPreference } from "~/app/modules/reach/digest.server.ts";
import { ConsentTextView, JoinForm, LeaveForm, Onboarding, ReconsentForm } from "~/app/ui/advocacy.tsx";
import { useFormatDate } from "~/app/ui/content-bits.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = {
  i18n: ["advocacy", "billing", "content", "digest"],
  title: "titles.advocacy",
} satisfies I18nHandle;

/** The advocacy page's forms, one per intent. */
const AdvocacyActionInput = z.discriminatedUnion("intent", [
  JoinInput.extend({ intent: z.literal("join") }),
  LeaveInput.extend({ intent: z.literal("leave") }),
  // agreeing to the current consent text after an earlier one (the button is the deliberate act)
  z.object({ intent: z.literal("reconsent") }),
  OnboardingInput.extend({ intent: z.literal("onboarding") }),
  // an unchecked checkbox sends nothing: absent = off
  z.object({ intent: z.literal("digest"), weeklyDigest: z.literal("on").optional() }),
]);

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member, tenant } = await requireMember(request, params, "advocacy.join");
  const [status, weeklyDigest] = await withTenant(
    db,
    member.tenantId,
    async (tx) => [await getAdvocateStatus(tx, member), await getDigestPreference(tx, member)] as const,
  );
  const requested = new URL(request.url).searchParams.get("path");
  const path = ONBOARDING_PATHS.find((p) => p === requested) ?? null;
  return {
    status,
    path,
    tenantSlug: tenant.slug,
    timeZone: tenant.timeZone,
    digest: { wanted: weeklyDigest, commsLead: member.roles.includes("comms_lead") },
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member } = await requireMember(request, params, "advocacy.join");
  const submission = parseWithZod(await request.formData(), { schema: AdvocacyActionInput });
  if (submission.status !== "success")
    return data({ error: "confirmRequired" as const, done: null }, { status: 400 });
  const input = submission.value;
  switch (input.intent) {
    case "join":
      try {
        await withTenant(db, member.tenantId, (tx) => optIn(tx, member));
      } catch (error) {
        // the Free plan is full: say so, nothing was recorded
        if (error instanceof PlanLimitError)
          return data({ error: null, done: null, advocateLimit: error.limit }, { status: 403 });
        throw error;
      }
      return { error: null, done: "joined" as const };
    case "leave": {
      await withTenant(db, member.tenantId, (tx) => optOut(tx, member, { dataChoice: input.dataChoice }));
      return {
        error: null,
        done: input.dataChoice === "anonymise" ? ("leftAnonymised" as const) : ("left" as const),
      };
    }
    case "reconsent":
      await withTenant(db, member.tenantId, (tx) => renewConsent(tx, member));
      return { error: null, done: "reconsented" as const };
    case "onboarding":
      await withTenant(db, member.tenantId, (tx) => completeOnboarding(tx, member, input.path));
      return { error: null, done: "onboarded" as const };
    case "digest": {
      const wanted = input.weeklyDigest === "on";
      await withTenant(db, member.tenantId, (tx) => setDigestPreference(tx, member, wanted));
      return { error: null, done: wanted ? ("digestOn" as const) : ("digestOff" as const) };
    }
  }
}

export default function Advocacy({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const pending = navigation.state === "submitting";
  const formatDate = useFormatDate(loaderData.timeZone);
  const { status, path, tenantSlug } = loaderData;
  const done = actionData?.done;

  if (!status.optedIn) {
    return (
      <>
        <h1>{t("advocacy.title")}</h1>
        {done === "left" || done === "leftAnonymised" ? (
          <p className="notice" role="status">
            {t(`advocacy.leave.${done}`)} {t("advocacy.leave.rejoin")}
          </p>
        ) : null}
        <p>{t("advocacy.lead")}</p>
        {actionData && "advocateLimit" in actionData ? (
          <p className="alert" role="alert">
            {t("billing.advocateLimit", { max: actionData.advocateLimit })}
          </p>
        ) : null}
        <div className="card stack">
          <ConsentTextView />
          <JoinForm pending={pending} error={actionData?.error ?? undefined} />
        </div>
        {loaderData.digest.commsLead ? (
          <DigestForm wanted={loaderData.digest.wanted} commsLead pending={pending} done={done} />
        ) : null}
      </>
    );
  }

  return (
    <>
      <h1>{t("advocacy.title")}</h1>
      <p className={done === "joined" ? "notice" : undefined} role="status">
        {t("advocacy.joined.status", {
          date: formatDate(status.consentedAt),
          version: status.consentVersion,
        })}
      </p>
      {done === "reconsented" && !status.consentOutdated ? (
        <p className="notice" role="status">
          {t("advocacy.reconsent.done", { version: CONSENT_VERSION })}
        </p>
      ) : null}
      {status.consentOutdated ? (
        <section className="card stack" aria-labelledby="reconsent-h">
          <h2 id="reconsent-h">{t("advocacy.reconsent.title")}</h2>
          <p>{t("advocacy.reconsent.lead", { version: status.consentVersion })}</p>
          <ConsentTextView headingLevel={3} agreedVersion={status.consentVersion} />
          <ReconsentForm pending={pending} />
        </section>
      ) : null}
      <section className="card stack" aria-labelledby="next-h">
        <h2 id="next-h">{t("advocacy.next.title")}</h2>
        <ol>
          <li>
            {status.currentGuidelineVersion === null ? (
              t("advocacy.next.guidelinesNone")
            ) : status.guidelinesAcknowledged ? (
              <>✓ {t("advocacy.next.guidelinesDone", { version: status.currentGuidelineVersion })}</>
            ) : (
              <Link to={`/t/${tenantSlug}/guidelines`}>{t("advocacy.next.guidelines")}</Link>
            )}
          </li>
          <li>
            {status.onboardingDone ? (
              <>✓ {t("advocacy.next.onboardingDone")}</>
            ) : (
              <a href="#onboarding-h">{t("advocacy.next.onboarding")}</a>
            )}
          </li>
        </ol>
      </section>
      <Onboarding
        tenantSlug={tenantSlug}
        path={path}
        completed={done === "onboarded" || status.onboardingDone}
        pending={pending}
      />
      {/* someone on an earlier text reads the current one (with what changed) in the card above */}
      {status.consentOutdated ? null : (
        <details className="card">
          <summary>{t("advocacy.joined.textTitle")}</summary>
          <ConsentTextView headingLevel={3} agreedVersion={status.consentVersion} />
        </details>
      )}
      <DigestForm
        wanted={loaderData.digest.wanted}
        commsLead={loaderData.digest.commsLead}
        pending={pending}
        done={done}
      />
      <LeaveForm pending={pending} />
    </>
  );
}

/** The weekly digest toggle: off until the member turns it on. */
function DigestForm(props: {
  wanted: boolean;
  commsLead: boolean;
  pending: boolean;
  done: string | null | undefined;
}) {
  const { t } = useTranslation();
  return (
    <section className="card stack" aria-labelledby="digest-h">
      <h2 id="digest-h">{t("digest.preference.title")}</h2>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="digest" />
        <label className="row" htmlFor="weeklyDigest">
          <input
            type="checkbox"
            id="weeklyDigest"
            name="weeklyDigest"
            defaultChecked={props.wanted}
            aria-describedby="weeklyDigest-hint"
          />
          {t("digest.preference.label")}
        </label>
        <p id="weeklyDigest-hint" className="hint">
          {props.commsLead ? t("digest.preference.hintComms") : t("digest.preference.hintAdvocate")}
        </p>
        <div className="row">
          <button type="submit" disabled={props.pending}>
            {t("digest.preference.save")}
          </button>
          {props.done === "digestOn" || props.done === "digestOff" ? (
            <span className="notice" role="status">
              {t(props.done === "digestOn" ? "digest.preference.saved" : "digest.preference.savedOff")}
            </span>
          ) : null}
        </div>
      </Form>
    </section>
  );
}
