import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, Link, useNavigation } from "react-router";
import type { Route } from "./+types/signup";
import { database } from "~/db/client.ts";
import { codeOf, RateLimitedError } from "~/app/lib/errors.ts";
import { consume, SIGNUP_PER_IP } from "~/app/lib/rate-limit.server.ts";
import { createTenant } from "~/app/modules/tenancy/create-tenant.server.ts";
import { CreateTenantInput } from "~/app/modules/tenancy/schemas.ts";
import { consumeSignInLimits, sendSignInLink } from "~/app/modules/auth/request-sign-in-link.server.ts";
import { TextField, SubmitButton } from "~/app/ui/field.tsx";
import { LanguageSwitch } from "~/app/ui/language-switch.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["auth"], title: "titles.signup" } satisfies I18nHandle;

/** A refused request keeps its Retry-After (a route without a headers function passes on only cookies). */
export const headers: Route.HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function action({ request, context }: Route.ActionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: CreateTenantInput });
  if (submission.status !== "success")
    return data({ result: submission.reply(), sent: null, retryInMinutes: null }, { status: 400 });
  const { db } = await database();
  const link = { email: submission.value.adminEmail, ip: context.ip, locale: submission.value.locale };
  try {
    // Every limit before anything is written: a refused sign-up leaves no tenant behind.
    await consume(SIGNUP_PER_IP, context.ip);
    await consumeSignInLimits(link);
    const created = await createTenant(db, submission.value);
    await sendSignInLink(db, { ...link, tenantSlug: created.slug });
  } catch (error) {
    if (codeOf(error, ["slug_taken"]))
      return data(
        {
          result: submission.reply({ fieldErrors: { slug: ["slugTaken"] } }),
          sent: null,
          retryInMinutes: null,
        },
        { status: 409 },
      );
    if (error instanceof RateLimitedError) {
      return data(
        {
          result: submission.reply({ formErrors: ["rateLimited"] }),
          sent: null,
          retryInMinutes: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)),
        },
        { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } },
      );
    }
    throw error;
  }
  return {
    result: submission.reply({ resetForm: true }),
    sent: { email: submission.value.adminEmail, company: submission.value.companyName },
    retryInMinutes: null,
  };
}

export default function Signup({ actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(CreateTenantInput),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateTenantInput }),
  });
  if (actionData?.sent) {
    return (
      <main id="main" className="page narrow signed-out">
        <p className="brand">{t("appName")}</p>
        <h1>{t("auth.signup.sentTitle")}</h1>
        <p className="notice" role="status">
          {t("auth.signup.sent", actionData.sent)}
        </p>
      </main>
    );
  }
  return (
    <main id="main" className="page narrow signed-out">
      <p className="brand">{t("appName")}</p>
      <h1>{t("auth.signup.title")}</h1>
      <p>{t("auth.signup.lead")}</p>
      <Form method="post" className="stack card" {...getFormProps(form)}>
        {actionData?.retryInMinutes ? (
          <p className="alert" role="alert" id={form.errorId}>
            {t("auth.signup.rateLimited", { count: actionData.retryInMinutes })}
          </p>
        ) : null}
        <input type="hidden" name="locale" value={i18n.language} />
        <TextField
          field={fields.companyName}
          label={t("auth.signup.companyName")}
          autoFocus
          autoComplete="organization"
        />
        <TextField field={fields.slug} label={t("auth.signup.slug")} hint={t("auth.signup.slugHint")} />
        <TextField field={fields.adminName} label={t("auth.signup.adminName")} autoComplete="name" />
        <TextField
          field={fields.adminEmail}
          label={t("auth.signup.adminEmail")}
          type="email"
          autoComplete="email"
        />
        <SubmitButton pending={navigation.state === "submitting"}>{t("auth.signup.submit")}</SubmitButton>
      </Form>
      <p>
        <Link to="/login">{t("auth.landing.signIn")}</Link>
      </p>
      <LanguageSwitch />
    </main>
  );
}
