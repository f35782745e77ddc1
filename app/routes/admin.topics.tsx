import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/admin.topics";
import { withTenant } from "~/db/tenant.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { contentErrorKey } from "~/app/modules/content/post-page.server.ts";
import { CreateTopicInput, DeleteTopicInput, UpdateTopicInput } from "~/app/modules/content/topic-schemas.ts";
import { createTopic, deleteTopic, listTopics, updateTopic } from "~/app/modules/content/topics.server.ts";
import { ErrorNotice } from "~/app/ui/error-notice.tsx";
import { SubmitButton } from "~/app/ui/field.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";
import type { TextKey } from "~/app/lib/i18n/keys.ts";

export const handle = { i18n: ["content"], title: "titles.adminTopics" } satisfies I18nHandle;

const CreateForm = CreateTopicInput.extend({ intent: z.literal("create") });
const TopicsAction = z.discriminatedUnion("intent", [
  CreateForm,
  UpdateTopicInput.extend({ intent: z.literal("update") }),
  DeleteTopicInput.extend({ intent: z.literal("delete") }),
]);

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member } = await requireMember(request, params, "topics.manage");
  return { topics: await withTenant(db, member.tenantId, (tx) => listTopics(tx, member.tenantId)) };
}

interface ActionData {
  intent: string;
  topicId: string | null;
  result: SubmissionResult<string[]>;
  notice?: TextKey;
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member } = await requireMember(request, params, "topics.manage");
  const submission = parseWithZod(await request.formData(), { schema: TopicsAction });
  const intent = String(submission.payload.intent ?? "");
  const topicId = typeof submission.payload.topicId === "string" ? submission.payload.topicId : null;
  if (submission.status !== "success")
    return data<ActionData>({ intent, topicId, result: submission.reply() }, { status: 400 });
  const input = submission.value;
  try {
    await withTenant(db, member.tenantId, async (tx) => {
      if (input.intent === "create") await createTopic(tx, member, input);
      else if (input.intent === "update") await updateTopic(tx, member, input);
      else await deleteTopic(tx, member, input);
    });
  } catch (error) {
    const { error: key, status } = contentErrorKey(error);
    const reply =
      key === "topic_exists"
        ? submission.reply({ fieldErrors: { name: [key] } })
        : submission.reply({ formErrors: [key] });
    return data<ActionData>({ intent, topicId, result: reply }, { status });
  }
  const notice = (
    {
      create: "content.topics.created",
      update: "content.topics.updated",
      delete: "content.topics.deleted",
    } satisfies Record<typeof input.intent, TextKey>
  )[input.intent];
  return data<ActionData>({ intent, topicId, result: submission.reply({ resetForm: true }), notice });
}

export default function Topics({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const submitting = (intent: string, topicId?: string) =>
    navigation.state === "submitting" &&
    navigation.formData?.get("intent") === intent &&
    (!topicId || navigation.formData.get("topicId") === topicId);
  const [createForm, createFields] = useForm({
    id: "create-topic",
    lastResult: actionData?.intent === "create" ? actionData.result : undefined,
    constraint: getZodConstraint(CreateForm),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateForm }),
  });
  const rowErrors = (topicId: string) => {
    if (!actionData || actionData.topicId !== topicId || actionData.intent === "create") return undefined;
    const e = actionData.result.error;
    return e ? Object.values(e).flatMap((v) => v ?? []) : undefined;
  };
  const nameProps = getInputProps(createFields.name, { type: "text" });
  return (
    <>
      <h1>{t("content.topics.title")}</h1>
      <p>{t("content.topics.lead")}</p>
      {actionData?.notice ? (
        <p className="notice" role="status">
          {t(actionData.notice)}
        </p>
      ) : null}

      <section className="card stack" aria-labelledby="topics-h">
        <h2 id="topics-h">{t("content.topics.title")}</h2>
        {loaderData.topics.length === 0 ? (
          <p className="empty">{t("content.topics.empty")}</p>
        ) : (
          <>
            <p className="hint">{t("content.topics.deleteHint")}</p>
            <table className="stacked">
              <thead>
                <tr>
                  <th scope="col">{t("content.topics.name")}</th>
                  <th scope="col">{t("content.topics.posts")}</th>
                  <th scope="col">{t("content.topics.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {loaderData.topics.map((topic) => (
                  <tr key={topic.id}>
                    <td data-label={t("content.topics.name")}>{topic.name}</td>
                    <td data-label={t("content.topics.posts")}>{topic.postCount}</td>
                    <td>
                      <div className="row">
                        <Form method="post" className="row">
                          <input type="hidden" name="intent" value="update" />
                          <input type="hidden" name="topicId" value={topic.id} />
                          <label className="visually-hidden" htmlFor={`name-${topic.id}`}>
                            {t("content.topics.renameLabel", { name: topic.name })}
                          </label>
                          <input
                            id={`name-${topic.id}`}
                            name="name"
                            defaultValue={topic.name}
                            required
                            maxLength={80}
                            aria-describedby={rowErrors(topic.id) ? `topic-${topic.id}-error` : undefined}
                          />
                          <label>
                            <input
                              type="checkbox"
                              name="requiresSecondApproval"
                              defaultChecked={topic.requiresSecondApproval}
                              aria-label={t("content.topics.secondApprovalLabel", { name: topic.name })}
                            />
                            <span aria-hidden="true">{t("content.topics.secondApproval")}</span>
                          </label>
                          <SubmitButton pending={submitting("update", topic.id)} className="secondary">
                            {t("content.topics.rename")}
                          </SubmitButton>
                        </Form>
                        <Form method="post">
                          <input type="hidden" name="intent" value="delete" />
                          <input type="hidden" name="topicId" value={topic.id} />
                          <button
                            type="submit"
                            className="danger"
                            disabled={submitting("delete", topic.id)}
                            aria-label={t("content.topics.deleteLabel", { name: topic.name })}
                          >
                            {t("content.topics.delete")}
                          </button>
                        </Form>
                      </div>
                      <ErrorNotice
                        area="content"
                        inline
                        id={`topic-${topic.id}-error`}
                        errors={rowErrors(topic.id)}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="new-topic-h">
        <h2 id="new-topic-h">{t("content.topics.createTitle")}</h2>
        <Form method="post" className="stack" {...getFormProps(createForm)}>
          <input type="hidden" name="intent" value="create" />
          <ErrorNotice area="content" inline errors={createForm.errors} />
          <label htmlFor={createFields.name.id}>
            {t("content.topics.name")}
            <input {...nameProps} key={nameProps.key} autoComplete="off" />
            <ErrorNotice
              area="content"
              inline
              id={createFields.name.errorId}
              errors={createFields.name.errors}
            />
          </label>
          <label>
            <input type="checkbox" name={createFields.requiresSecondApproval.name} />
            <span>{t("content.topics.secondApproval")}</span>
          </label>
          <div>
            <SubmitButton pending={submitting("create")}>{t("content.topics.create")}</SubmitButton>
          </div>
        </Form>
      </section>
    </>
  );
}
