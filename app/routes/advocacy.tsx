import { useTranslation } from "react-i18next";
import { data, Link, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/advocacy";
import { withTenant } from "../../db/tenant.ts";
import { ONBOARDING_PATHS } from "../../db/tables/advocacy.ts";
import { getAdvocateStatus } from "~/modules/advocacy/advocate-status.server";
import { completeOnboarding } from "~/modules/advocacy/onboarding.server";
import { optIn } from "~/modules/advocacy/opt-in.server";
import { optOut } from "~/modules/advocacy/opt-out.server";
import { JoinInput, LeaveInput, OnboardingInput } from "~/modules/advocacy/schemas";
import { requireMember } from "~/modules/auth/require.server";
import { ConsentTextView, JoinForm, LeaveForm, Onboarding } from "~/ui/advocacy";
import { useFormatDate } from "~/ui/content-bits";

const AdvocacyAction = z.discriminatedUnion("intent", [
  JoinInput.extend({ intent: z.literal("join") }),
  LeaveInput.extend({ intent: z.literal("leave") }),
  OnboardingInput.extend({ intent: z.literal("onboarding") }),
]);

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member, tenant } = await requireMember(request, params, "advocacy.join");
  const status = await withTenant(db, member.tenantId, (tx) => getAdvocateStatus(tx, member));
  const requested = new URL(request.url).searchParams.get("path");
  const path = ONBOARDING_PATHS.find((p) => p === requested) ?? null;
  return { status, path, tenantSlug: tenant.slug, timeZone: tenant.timeZone };
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member } = await requireMember(request, params, "advocacy.join");
  const parsed = AdvocacyAction.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: "confirmRequired" as const, done: null }, { status: 400 });
  const input = parsed.data;
  switch (input.intent) {
    case "join":
      await withTenant(db, member.tenantId, (tx) => optIn(tx, member));
      return { error: null, done: "joined" as const };
    case "leave": {
      await withTenant(db, member.tenantId, (tx) => optOut(tx, member, { dataChoice: input.dataChoice }));
      return { error: null, done: input.dataChoice === "anonymise" ? ("leftAnonymised" as const) : ("left" as const) };
    }
    case "onboarding":
      await withTenant(db, member.tenantId, (tx) => completeOnboarding(tx, member, input.path));
      return { error: null, done: "onboarded" as const };
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
        <div className="card stack">
          <ConsentTextView />
          <JoinForm pending={pending} error={actionData?.error ?? undefined} />
        </div>
      </>
    );
  }

  return (
    <>
      <h1>{t("advocacy.title")}</h1>
      <p className={done === "joined" ? "notice" : undefined} role="status">
        {t("advocacy.joined.status", { date: formatDate(status.consentedAt), version: status.consentVersion })}
      </p>
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
          <li>{status.onboardingDone ? <>✓ {t("advocacy.next.onboardingDone")}</> : <a href="#onboarding-h">{t("advocacy.next.onboarding")}</a>}</li>
        </ol>
      </section>
      <Onboarding tenantSlug={tenantSlug} path={path} completed={done === "onboarded" || status.onboardingDone} pending={pending} />
      <details className="card">
        <summary>{t("advocacy.joined.textTitle")}</summary>
        <ConsentTextView headingLevel={3} />
      </details>
      <LeaveForm pending={pending} />
    </>
  );
}
