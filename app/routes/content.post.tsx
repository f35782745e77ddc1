import { withTenant } from "~/db/tenant.ts";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, Link, useNavigation, useSearchParams } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/content.post";
import { useTenantData } from "~/app/routes/tenant.tsx";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { mediaPath } from "~/app/modules/content/media-path.ts";
import {
  loadPostPage,
  PostActionForm,
  runPostAction,
  type PostActionResult,
} from "~/app/modules/content/post-page.server.ts";
import type { PostAction } from "~/app/modules/content/post-workflow.ts";
import { StatusBadge, useFormatDate } from "~/app/ui/content-bits.tsx";
import { ErrorNotice, useErrorText } from "~/app/ui/error-notice.tsx";
import { CaptionList, PostHistory, PostPreview } from "~/app/ui/post-view.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["content"], title: "titles.contentPost" } satisfies I18nHandle;

const NOTICES = ["created", "updated", "unchanged", "backToReview"] as const;

function postIdOf(params: { postId?: string }): string {
  const parsed = z.uuid().safeParse(params.postId);
  if (!parsed.success) throw new Response("not_found", { status: 404 });
  return parsed.data;
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member } = await requireMember(request, params, "content.create");
  const page = await withTenant(db, member.tenantId, (tx) => loadPostPage(tx, member, postIdOf(params)));
  if (!page) throw new Response("not_found", { status: 404 });
  const { history, ...rest } = page;
  return {
    ...rest,
    transitions: history.transitions,
    versions: history.versions.map((v) => ({
      version: v.version,
      createdAt: v.createdAt,
      actorName: v.actorName,
      title: typeof v.snapshot.title === "string" ? v.snapshot.title : "",
    })),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member } = await requireMember(request, params, "content.create");
  const postId = postIdOf(params);
  const submission = parseWithZod(await request.formData(), { schema: PostActionForm });
  if (submission.status !== "success") {
    const field = submission.error && Object.keys(submission.error)[0];
    return data<PostActionResult>(
      { ok: false, error: "required", field: field ?? undefined, status: 400 },
      { status: 400 },
    );
  }
  const result = await runPostAction(db, member, postId, submission.value);
  return data(result, { status: result.ok ? 200 : result.status });
}

export default function PostPage({ loaderData, actionData, params }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { tenant } = useTenantData();
  const date = useFormatDate(tenant.timeZone);
  const navigation = useNavigation();
  const errorText = useErrorText("content");
  const [search] = useSearchParams();
  const {
    post,
    previewImageId,
    captions,
    topics,
    teams,
    authorName,
    approvals,
    required,
    isAuthor,
    actions,
  } = loaderData;
  const busy = (intent: PostAction) =>
    navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  const queryNotice = NOTICES.find((n) => n === search.get("notice"));
  const notice = actionData?.ok
    ? t(`content.notices.${actionData.notice}`, actionData.values)
    : queryNotice
      ? t(`content.notices.${queryNotice}`, { version: post.version })
      : null;
  const error = actionData && !actionData.ok ? actionData : null;
  const simple = (["submit", "withdraw", "revise", "archive"] as const).filter((a) => actions.includes(a));

  return (
    <>
      <p>
        <Link to={`/t/${params.tenant}/content`}>← {t("content.list.title")}</Link>
      </p>
      <h1>
        {post.title} <StatusBadge status={post.status} />
      </h1>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {error && !error.field ? (
        <p className="alert" role="alert">
          {errorText(error.error)}
        </p>
      ) : null}

      <section className="card stack" aria-labelledby="actions-h">
        <h2 id="actions-h">{t("content.post.actions")}</h2>
        {isAuthor && post.status === "in_review" ? <p className="hint">{t("content.post.ownPost")}</p> : null}
        {actions.length === 0 ? <p className="hint">{t("content.post.noActions")}</p> : null}
        <div className="row">
          {actions.includes("edit") ? (
            <Link className="button secondary" to={`/t/${params.tenant}/content/${post.id}/edit`}>
              {t("content.actions.edit")}
            </Link>
          ) : null}
          {actions.includes("approve") ? (
            <Form method="post">
              <input type="hidden" name="intent" value="approve" />
              <input type="hidden" name="version" value={post.version} />
              <button type="submit" disabled={busy("approve")} aria-busy={busy("approve")}>
                {t("content.actions.approve")}
              </button>
            </Form>
          ) : null}
          {simple.map((a) => (
            <Form method="post" key={a}>
              <input type="hidden" name="intent" value={a} />
              <button
                type="submit"
                className={a === "archive" ? "danger" : a === "submit" ? undefined : "secondary"}
                disabled={busy(a)}
                aria-busy={busy(a)}
              >
                {t(`content.actions.${a}`)}
              </button>
            </Form>
          ))}
        </div>
        {actions.includes("reject") ? (
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="reject" />
            <label htmlFor="reject-reason">
              {t("content.post.rejectReason")}
              <textarea
                id="reject-reason"
                name="reason"
                rows={3}
                required
                maxLength={2000}
                aria-invalid={error?.field === "reason" || undefined}
                aria-describedby={error?.field === "reason" ? "reject-reason-error" : undefined}
              />
              {error?.field === "reason" ? (
                <ErrorNotice area="content" inline id="reject-reason-error" errors={[error.error]} />
              ) : null}
            </label>
            <div>
              <button type="submit" className="danger" disabled={busy("reject")} aria-busy={busy("reject")}>
                {t("content.actions.reject")}
              </button>
            </div>
          </Form>
        ) : null}
      </section>

      {post.status === "rejected" && post.rejection_reason ? (
        <section className="card" aria-labelledby="rejection-h">
          <h2 id="rejection-h">{t("content.post.rejection")}</h2>
          <p className="pre-wrap">{post.rejection_reason}</p>
        </section>
      ) : null}

      <section className="card stack">
        <PostPreview post={post} imageSrc={previewImageId ? mediaPath(tenant.slug, previewImageId) : null} />
        {post.body ? (
          <div>
            <h2>{t("content.post.note")}</h2>
            <p className="pre-wrap">{post.body}</p>
          </div>
        ) : null}
        <dl>
          <dt>{t("content.post.author")}</dt>
          <dd>{authorName ?? t("content.post.unknownPerson")}</dd>
          <dt>{t("content.post.topics")}</dt>
          <dd>{topics.length ? topics.map((tp) => tp.name).join(", ") : t("content.post.none")}</dd>
          <dt>{t("content.post.targets")}</dt>
          <dd>{teams.length ? teams.map((tm) => tm.name).join(", ") : t("content.post.everyone")}</dd>
          <dt>{t("content.post.publishAt")}</dt>
          <dd>{post.publish_at ? date(post.publish_at) : t("content.post.onApproval")}</dd>
          <dt>{t("content.post.expiresAt")}</dt>
          <dd>{post.expires_at ? date(post.expires_at) : t("content.post.never")}</dd>
          {post.published_at ? (
            <>
              <dt>{t("content.post.publishedAt")}</dt>
              <dd>{date(post.published_at)}</dd>
            </>
          ) : null}
          <dt>{t("content.post.approvals")}</dt>
          <dd>
            {t("content.post.approvalsNeeded", { approvals: approvals.length, required })}
            {approvals.length
              ? `: ${approvals.map((a) => a.approverName ?? t("content.post.unknownPerson")).join(", ")}`
              : ""}
          </dd>
        </dl>
      </section>

      <section className="card stack" aria-labelledby="captions-h">
        <h2 id="captions-h">{t("content.post.captions")}</h2>
        <CaptionList captions={captions} />
      </section>

      <PostHistory versions={loaderData.versions} transitions={loaderData.transitions} formatDate={date} />
    </>
  );
}
