import { TOKEN_PAGE_REFERRER_POLICY } from "~/app/lib/referrer-policy.ts";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, Link, redirect, useNavigation, useSearchParams } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/login";
import { database } from "~/db/client.ts";
import { codeOf, isErrorCode, RateLimitedError, toResponse } from "~/app/lib/errors.ts";
import { runtimeKey } from "~/app/lib/i18n/keys.ts";
import { consume, signInPerIp } from "~/app/lib/rate-limit.server.ts";
import { Email, SafeText, Slug } from "~/app/lib/validation.ts";
import { RequestSignInLinkInput } from "~/app/modules/auth/schemas.ts";
import { getSession } from "~/app/modules/auth/require.server.ts";
import { requestSignInLink } from "~/app/modules/auth/request-sign-in-link.server.ts";
import { startSignIn } from "~/app/modules/auth/start-sign-in.server.ts";
import {
  findSsoSignInOptionBySlug,
  findSsoSignInOptions,
  type SsoSignInChoice,
  type SsoSignInOption,
} from "~/app/modules/sso/find-sso-sign-in-options.server.ts";
import { startSsoSignIn } from "~/app/modules/sso/start-sso-sign-in.server.ts";
import { devOutboxAllowedFor } from "~/app/modules/notifications/dev-outbox-access.server.ts";
import { TextField, SubmitButton } from "~/app/ui/field.tsx";
import { LanguageSwitch } from "~/app/ui/language-switch.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["auth", "sso"], title: "titles.login" } satisfies I18nHandle;

/**
 * The page's forms, one union on intent: the address (no intent: the form as it always was), the
 * link after all (SSO offered but not required), a company's "Sign in with …" button, a company by
 * its Chorus address. The buttons post here, not to /sso/start: the page's own action answers with
 * the redirect to the provider, which the browser follows as a navigation (a native form post
 * redirected to another origin would meet CSP's form-action 'self').
 */
const LoginAction = z.preprocess(
  (v) => (v && typeof v === "object" && !("intent" in v) ? { ...v, intent: "email" } : v),
  z.discriminatedUnion("intent", [
    RequestSignInLinkInput.extend({ intent: z.literal("email") }),
    RequestSignInLinkInput.extend({ intent: z.literal("link") }),
    z.object({
      intent: z.literal("sso"),
      tenantSlug: Slug,
      email: Email.optional(),
      redirectTo: SafeText.optional(),
    }),
    z.object({ intent: z.literal("company"), companySlug: Slug, redirectTo: SafeText.optional() }),
  ]),
);

export async function loader({ request, context }: Route.LoaderArgs) {
  if (await getSession(request)) throw redirect("/tenants");
  // Sent here from inside a company (/t/<slug>/…): its single sign-on button right away.
  const slug = tenantSlugOf(new URL(request.url).searchParams.get("redirectTo") ?? undefined);
  const { db } = await database();
  const found = slug ? await findSsoSignInOptionBySlug(db, slug) : null;
  const company: SsoSignInOption | null = found && {
    tenantSlug: found.tenantSlug,
    tenantName: found.tenantName,
    kind: found.kind,
    displayName: found.displayName,
  };
  // /sso/start and /sso/callback send a refused start back here with its code
  const ssoError = new URL(request.url).searchParams.get("sso_error");
  // In development mail lands in the outbox: point people at it (only where it would answer).
  return {
    devMail: devOutboxAllowedFor(request, context),
    company,
    ssoError: isErrorCode(ssoError) && ssoError.startsWith("sso_") ? ssoError : null,
  };
}

/**
 * A sign-in page's URL may carry a redirect target worth keeping from other sites (see
 * TOKEN_PAGE_REFERRER_POLICY). A refused request keeps its Retry-After (only the deepest headers
 * function counts).
 */
export function headers({ actionHeaders }: { actionHeaders?: Headers } = {}): Headers {
  const headers = new Headers({ "Referrer-Policy": TOKEN_PAGE_REFERRER_POLICY });
  const retryAfter = actionHeaders?.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
}

/** "/t/<slug>/…" → "<slug>": sign-in links land back in the tenant the person came from. */
function tenantSlugOf(path: string | undefined): string | undefined {
  return path?.match(/^\/t\/([a-z0-9-]+)(?:\/|$)/)?.[1];
}

interface LoginActionData {
  result: SubmissionResult<string[]>;
  sentTo: string | null;
  retryInMinutes: number | null;
  /** the address's domain belongs to companies with single sign-on: their buttons */
  sso?: SsoSignInChoice & { email: string };
  /** no company with single sign-on at the address typed in "Sign in with your company account" */
  companyNotFound?: boolean;
}

export async function action({ request, context }: Route.ActionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: LoginAction });
  const reply = (extra: Partial<LoginActionData> = {}, init?: ResponseInit) =>
    data<LoginActionData>(
      { result: submission.reply(), sentTo: null, retryInMinutes: null, ...extra },
      init ?? { status: 200 },
    );
  if (submission.status !== "success") return reply({}, { status: 400 });
  const input = submission.value;
  const { db } = await database();

  if (input.intent === "sso" || input.intent === "company") {
    // counted like /sso/start: a generic provider's discovery document is fetched for every start
    try {
      await consume(signInPerIp(), context.ip);
    } catch (error) {
      throw toResponse(error) ?? error;
    }
    const option = await findSsoSignInOptionBySlug(
      db,
      input.intent === "sso" ? input.tenantSlug : input.companySlug,
    );
    if (!option) return reply({ companyNotFound: true }, { status: 404 });
    // startSsoSignIn keeps returnTo only when it is a path of this company
    const { url, cookie } = await startSsoSignIn(db, {
      tenant: { id: option.tenantId, slug: option.tenantSlug },
      purpose: "sign-in",
      loginHint: input.intent === "sso" ? input.email : undefined,
      returnTo: input.redirectTo,
    });
    return redirect(url, { headers: { "Set-Cookie": cookie, "Cache-Control": "no-store" } });
  }

  const link = {
    email: input.email,
    ip: context.ip,
    locale: input.locale,
    tenantSlug: tenantSlugOf(input.redirectTo),
  };
  try {
    if (input.intent === "link") await requestSignInLink(db, link);
    else {
      const started = await startSignIn(db, link);
      if (started.kind === "sso") return reply({ sso: { ...started.choice, email: input.email } });
    }
  } catch (error) {
    // the link is refused for this domain: the company's buttons instead
    if (codeOf(error, ["sso_required"]))
      return reply(
        { sso: { ...(await findSsoSignInOptions(db, input.email)), email: input.email } },
        { status: 403 },
      );
    if (!(error instanceof RateLimitedError)) throw error;
    // The form again, with the reason and the wait, rather than an error page: the address stays filled in.
    return data<LoginActionData>(
      {
        result: submission.reply({ formErrors: ["rateLimited"] }),
        sentTo: null,
        retryInMinutes: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)),
      },
      { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } },
    );
  }
  const sent: LoginActionData = {
    result: submission.reply({ resetForm: true }),
    sentTo: input.email,
    retryInMinutes: null,
  };
  return sent;
}

export default function Login({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  const pendingIntent =
    navigation.state === "submitting" ? String(navigation.formData?.get("intent") ?? "email") : null;
  const [form, fields] = useForm({
    lastResult: actionData?.sso ? undefined : actionData?.result,
    constraint: getZodConstraint(RequestSignInLinkInput),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RequestSignInLinkInput }),
  });
  const sso = actionData?.sso;
  return (
    <main id="main" className="page narrow signed-out">
      <p className="brand">{t("appName")}</p>
      <h1>
        {actionData?.sentTo ? t("auth.login.sentTitle") : sso ? t("sso.login.choose") : t("auth.login.title")}
      </h1>
      {actionData?.sentTo ? (
        <p className="notice" role="status">
          {t("auth.login.sent", { email: actionData.sentTo })}
        </p>
      ) : sso ? (
        <section className="stack card" aria-labelledby="sso-choice">
          <p id="sso-choice">{t("sso.login.chooseLead", { email: sso.email })}</p>
          {sso.options.map((option) => (
            <SsoButton
              key={option.tenantSlug}
              option={option}
              email={sso.email}
              redirectTo={redirectTo}
              pending={pendingIntent === "sso"}
            />
          ))}
          {sso.requireSso ? (
            <p className="notice" role="status">
              {sso.options.length ? t("sso.login.required") : t("sso.login.requiredNoButton")}
            </p>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="link" />
              <input type="hidden" name="email" value={sso.email} />
              <input type="hidden" name="locale" value={i18n.language} />
              <input type="hidden" name="redirectTo" value={redirectTo} />
              <SubmitButton pending={pendingIntent === "link"} className="secondary">
                {t("sso.login.orLink")}
              </SubmitButton>
            </Form>
          )}
        </section>
      ) : (
        <>
          {loaderData.ssoError ? (
            <p className="alert" role="alert">
              {t([runtimeKey(`sso.errors.${loaderData.ssoError}`), "sso.errors.generic"])}
            </p>
          ) : null}
          {loaderData.company ? (
            <div className="stack card">
              <SsoButton
                option={loaderData.company}
                redirectTo={redirectTo}
                pending={pendingIntent === "sso"}
              />
            </div>
          ) : null}
          <Form method="post" className="stack card" {...getFormProps(form)}>
            {actionData?.retryInMinutes ? (
              <p className="alert" role="alert" id={form.errorId}>
                {t("auth.login.rateLimited", { count: actionData.retryInMinutes })}
              </p>
            ) : null}
            <input type="hidden" name="locale" value={i18n.language} />
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <TextField
              field={fields.email}
              label={t("auth.login.email")}
              type="email"
              autoFocus
              autoComplete="email"
            />
            <SubmitButton pending={pendingIntent === "email"}>{t("auth.login.submit")}</SubmitButton>
          </Form>
          <details className="card" open={actionData?.companyNotFound}>
            <summary>{t("sso.login.company")}</summary>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="company" />
              <input type="hidden" name="redirectTo" value={redirectTo} />
              {actionData?.companyNotFound ? (
                <p className="alert" role="alert" id="company-error">
                  {t("sso.login.companyNotFound")}
                </p>
              ) : null}
              <label htmlFor="companySlug">
                {t("sso.login.companySlug")}
                <span id="companySlug-hint" className="hint">
                  {t("sso.login.companySlugHint")}
                </span>
                <input
                  id="companySlug"
                  name="companySlug"
                  required
                  autoComplete="organization"
                  autoCapitalize="none"
                  spellCheck={false}
                  aria-describedby={
                    actionData?.companyNotFound ? "companySlug-hint company-error" : "companySlug-hint"
                  }
                  aria-invalid={actionData?.companyNotFound || undefined}
                />
              </label>
              <SubmitButton pending={pendingIntent === "company"} className="secondary">
                {t("sso.login.companySubmit")}
              </SubmitButton>
            </Form>
          </details>
        </>
      )}
      {loaderData.devMail ? (
        <p>
          <Link to="/dev/mail">{t("auth.login.devMail")}</Link>
        </p>
      ) : null}
      <p>
        {t("auth.login.noAccount")} <Link to="/signup">{t("auth.login.signUp")}</Link>
      </p>
      <LanguageSwitch />
    </main>
  );
}

/** "Sign in with <provider>" for one company: its own form, so each button starts its own flow. */
function SsoButton({
  option,
  email,
  redirectTo,
  pending,
}: {
  option: SsoSignInOption;
  email?: string;
  redirectTo: string;
  pending: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="sso" />
      <input type="hidden" name="tenantSlug" value={option.tenantSlug} />
      {email ? <input type="hidden" name="email" value={email} /> : null}
      <input type="hidden" name="redirectTo" value={redirectTo} />
      <SubmitButton pending={pending}>
        {t("sso.login.button", { provider: option.displayName })}
        {/* a domain may belong to two companies: each button names its own */}
        <span className="hint"> {t("sso.login.buttonCompany", { company: option.tenantName })}</span>
      </SubmitButton>
    </Form>
  );
}
