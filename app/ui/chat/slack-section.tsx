import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { Form } from "react-router";
import type { ChatPageData } from "~/app/modules/chat/chat-page.server.ts";
import { AddSlackChannelForm } from "~/app/modules/chat/chat-schemas.ts";
import type { ChatActionData } from "~/app/ui/chat/channel-card.tsx";
import { ErrorNotice, useErrorText } from "~/app/ui/error-notice.tsx";
import { SubmitButton, TextField } from "~/app/ui/field.tsx";

/**
 * Slack on the admin page: a note when the server has no Slack app, "Add to Slack" (admins) until a
 * workspace is connected, then the workspace, "Remove from Slack" (admins) and "Add a Slack channel".
 */
export function SlackSection({
  slack,
  canInstall,
  actionData,
  pending,
}: {
  slack: ChatPageData["slack"];
  canInstall: boolean;
  actionData: ChatActionData | undefined;
  pending: (intent: string) => boolean;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText("chat.channels");
  const [form, fields] = useForm({
    id: "chat-add-slack",
    lastResult: actionData?.intent === "add-slack" ? actionData.result : undefined,
    constraint: getZodConstraint(AddSlackChannelForm),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddSlackChannelForm }),
  });
  const removeErrors =
    actionData?.intent === "remove-slack" ? (actionData.result.error?.[""] ?? undefined) : undefined;
  return (
    <section className="card stack" aria-labelledby="chat-slack-h">
      <h2 id="chat-slack-h">{t("chat.channels.slack.title")}</h2>
      {slack.installed && slack.teamName ? (
        <p className="notice" role="status">
          {t("chat.slack.installed", { team: slack.teamName })}
        </p>
      ) : null}
      <ErrorNotice area="chat.channels" errors={slack.error ? [slack.error] : undefined} />
      {!slack.available ? (
        <p className="hint">{t("chat.errors.slack_not_configured")}</p>
      ) : !slack.live ? (
        <>
          <p>
            {slack.teamName
              ? t("chat.channels.slack.revoked", { team: slack.teamName })
              : t("chat.channels.slack.notInstalled")}
          </p>
          {canInstall ? (
            // a form post (the edge checks its Origin); the install route sends the browser to Slack
            <form method="post" action={slack.installUrl}>
              <button type="submit">{t("chat.channels.slack.install")}</button>
            </form>
          ) : (
            <p className="hint">{t("chat.channels.slack.adminInstalls")}</p>
          )}
        </>
      ) : (
        <>
          <p>{t("chat.channels.slack.connected", { team: slack.teamName ?? "" })}</p>
          {canInstall ? (
            <details open={!!removeErrors}>
              <summary className="button secondary">{t("chat.channels.slack.uninstall")}</summary>
              <Form method="post" className="stack stack-sm revoke-confirm">
                <input type="hidden" name="intent" value="remove-slack" />
                <p>{t("chat.channels.slack.uninstallConfirm", { team: slack.teamName ?? "" })}</p>
                <ErrorNotice area="chat.channels" errors={removeErrors} />
                <div>
                  <button type="submit" className="danger" disabled={pending("remove-slack")}>
                    {t("chat.channels.slack.uninstall")}
                  </button>
                </div>
              </Form>
            </details>
          ) : null}
          <h3>{t("chat.channels.slack.addTitle")}</h3>
          <ol className="stack stack-sm">
            <li>{t("chat.channels.slack.step1")}</li>
            <li>{t("chat.channels.slack.step2")}</li>
          </ol>
          <Form method="post" className="stack" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="add-slack" />
            <ErrorNotice area="chat.channels" errors={form.errors} />
            <TextField
              field={fields.name}
              label={t("chat.channels.name")}
              hint={t("chat.channels.slack.nameHint")}
              autoComplete="off"
              errorText={errorText}
            />
            <TextField
              field={fields.channelId}
              label={t("chat.channels.slack.channelId")}
              hint={t("chat.channels.slack.channelIdHint")}
              autoComplete="off"
              errorText={errorText}
            />
            <div>
              <SubmitButton pending={pending("add-slack")}>{t("chat.channels.slack.submit")}</SubmitButton>
            </div>
          </Form>
        </>
      )}
    </section>
  );
}
