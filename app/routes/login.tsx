import { TOKEN_PAGE_REFERRER_POLICY } from "~/app/lib/referrer-policy.ts";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, Link, redirect, useNavigation, useSearchParams } from "react-router";
import type { Route } from "./+types/login";
import { database } from "~/db/client.ts";
import { RateLimitedError } from "~/app/lib/errors.ts";
import { RequestSignInLinkInput } from "~/app/modules/auth/schemas.ts";
import { getSession } from "~/app/modules/auth/require.server.ts";
import { requestSignInLink } from "~/app/modules/auth/request-sign-in-link.server.ts";
import { devOutboxAllowedFor } from "~/app/modules/notifications/dev-outbox-access.server.ts";
import { TextField, SubmitButton } from "~/app/ui/field.tsx";
import { LanguageSwitch } from "~/app/ui/language-switch.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["auth"], title: "titles.login" } satisfies I18nHandle;

export async function loader({ request, context }: Route.LoaderArgs) {
  if (await getSession(request)) throw redirect("/tenants");
  // In development mail lands in the outbox: point people at it (only where it would answer).
  return { devMail: devOutboxAllowedFor(request, context) };
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

export async function action({ request, context }: Route.ActionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: RequestSignInLinkInput });
  if (submission.status !== "success")
    return data({ result: submission.reply(), sentTo: null, retryInMinutes: null }, { status: 400 });
  const { db } = await database();
  try {
    await requestSignInLink(db, {
      email: submission.value.email,
      ip: context.ip,
      locale: submission.value.locale,
      tenantSlug: tenantSlugOf(submission.value.redirectTo),
    });
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    // The form again, with the reason and the wait, rather than an error page: the address stays filled in.
    return data(
      {
        result: submission.reply({ formErrors: ["rateLimited"] }),
        sentTo: null,
        retryInMinutes: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)),
      },
      { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } },
    );
  }
  return {
    result: submission.reply({ resetForm: true }),
    sentTo: submission.value.email,
    retryInMinutes: null,
  };
}

export default function Login({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(RequestSignInLinkInput),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RequestSignInLinkInput }),
  });
  return (
    <main id="main" className="page narrow signed-out">
      <p className="brand">{t("appName")}</p>
      <h1>{actionData?.sentTo ? t("auth.login.sentTitle") : t("auth.login.title")}</h1>
      {actionData?.sentTo ? (
        <p className="notice" role="status">
          {t("auth.login.sent", { email: actionData.sentTo })}
        </p>
      ) : (
        <Form method="post" className="stack card" {...getFormProps(form)}>
          {actionData?.retryInMinutes ? (
            <p className="alert" role="alert" id={form.errorId}>
              {t("auth.login.rateLimited", { count: actionData.retryInMinutes })}
            </p>
          ) : null}
          <input type="hidden" name="locale" value={i18n.language} />
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <TextField
            field={fields.email}
            label={t("auth.login.email")}
            type="email"
            autoFocus
            autoComplete="email"
          />
          <SubmitButton pending={navigation.state === "submitting"}>{t("auth.login.submit")}</SubmitButton>
        </Form>
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
