import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/content.new";
import { withTenant } from "~/db/tenant.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { createPost } from "~/app/modules/content/create-post.server.ts";
import { loadPostFormOptions, replyWithDomainError } from "~/app/modules/content/post-form-data.server.ts";
import { postFormSchema } from "~/app/modules/content/post-form-schema.ts";
import { PostForm } from "~/app/ui/post-form.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["content"], title: "titles.contentNew" } satisfies I18nHandle;

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member, tenant } = await requireMember(request, params, "content.create");
  const options = await withTenant(db, member.tenantId, (tx) => loadPostFormOptions(tx, member.tenantId));
  return { ...options, timeZone: tenant.timeZone, defaultLanguage: tenant.defaultLocale };
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member, tenant } = await requireMember(request, params, "content.create");
  const submission = parseWithZod(await request.formData(), { schema: postFormSchema(tenant.timeZone) });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  let created: { id: string };
  try {
    created = await withTenant(db, member.tenantId, (tx) => createPost(tx, member, submission.value));
  } catch (error) {
    const { result, status } = replyWithDomainError(submission, error);
    return data({ result }, { status });
  }
  return redirect(`/t/${tenant.slug}/content/${created.id}?notice=created`);
}

export default function NewPost({ loaderData, actionData, params }: Route.ComponentProps) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  return (
    <>
      <p>
        <Link to={`/t/${params.tenant}/content`}>← {t("content.list.title")}</Link>
      </p>
      <h1>{t("content.form.newTitle")}</h1>
      <PostForm
        id="new-post"
        timeZone={loaderData.timeZone}
        topics={loaderData.topics}
        teams={loaderData.teams}
        disclosures={loaderData.disclosures}
        defaultLanguage={loaderData.defaultLanguage}
        lastResult={actionData?.result}
        submitLabel={t("content.form.create")}
        pending={navigation.state === "submitting"}
      />
    </>
  );
}
