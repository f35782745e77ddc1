import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Link, redirect, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/content.edit";
import { withTenant } from "~/db/tenant.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { getPost } from "~/app/modules/content/get-post.server.ts";
import {
  loadPostFormOptions,
  postFormDefaults,
  replyWithDomainError,
} from "~/app/modules/content/post-form-data.server.ts";
import { postFormSchema } from "~/app/modules/content/post-form-schema.ts";
import { canTransition } from "~/app/modules/content/post-workflow.ts";
import { updatePost } from "~/app/modules/content/update-post.server.ts";
import { StatusBadge } from "~/app/ui/content-bits.tsx";
import { PostForm } from "~/app/ui/post-form.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["content"], title: "titles.contentEdit" } satisfies I18nHandle;

function postIdOf(params: { postId?: string }): string {
  const parsed = z.uuid().safeParse(params.postId);
  if (!parsed.success) throw new Response("not_found", { status: 404 });
  return parsed.data;
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member, tenant } = await requireMember(request, params, "content.create");
  const postId = postIdOf(params);
  const loaded = await withTenant(db, member.tenantId, async (tx) => {
    const detail = await getPost(tx, member.tenantId, postId);
    return detail && { detail, options: await loadPostFormOptions(tx, member.tenantId) };
  });
  if (!loaded) throw new Response("not_found", { status: 404 });
  const { detail, options } = loaded;
  // Archived, expired and rejected posts are not edited here (rejected ones are revised first).
  if (!canTransition(detail.post.status, "edit")) throw redirect(`/t/${tenant.slug}/content/${postId}`);
  return {
    ...options,
    status: detail.post.status,
    title: detail.post.title,
    defaults: postFormDefaults(detail, tenant.timeZone),
    timeZone: tenant.timeZone,
    defaultLanguage: tenant.defaultLocale,
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member, tenant } = await requireMember(request, params, "content.create");
  const postId = postIdOf(params);
  const submission = parseWithZod(await request.formData(), { schema: postFormSchema(tenant.timeZone) });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  let notice: string;
  try {
    const outcome = await withTenant(db, member.tenantId, (tx) =>
      updatePost(tx, member, { ...submission.value, postId }),
    );
    notice = !outcome.changed ? "unchanged" : outcome.status === "in_review" ? "backToReview" : "updated";
  } catch (error) {
    const { result, status } = replyWithDomainError(submission, error);
    return data({ result }, { status });
  }
  return redirect(`/t/${tenant.slug}/content/${postId}?notice=${notice}`);
}

export default function EditPost({ loaderData, actionData, params }: Route.ComponentProps) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const goesBackToReview = loaderData.status === "approved" || loaderData.status === "published";
  return (
    <>
      <p>
        <Link to={`/t/${params.tenant}/content/${params.postId}`}>← {loaderData.title}</Link>
      </p>
      <h1>
        {t("content.form.editTitle")} <StatusBadge status={loaderData.status} />
      </h1>
      {goesBackToReview ? (
        <p className="notice" role="status">
          {t("content.form.editHint")}
        </p>
      ) : null}
      <PostForm
        id="edit-post"
        timeZone={loaderData.timeZone}
        topics={loaderData.topics}
        teams={loaderData.teams}
        disclosures={loaderData.disclosures}
        defaultValue={loaderData.defaults}
        defaultLanguage={loaderData.defaultLanguage}
        lastResult={actionData?.result}
        submitLabel={t("content.form.save")}
        pending={navigation.state === "submitting"}
      />
    </>
  );
}
