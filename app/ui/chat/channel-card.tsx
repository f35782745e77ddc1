import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { Form } from "react-router";
import { z } from "zod";
import type { ChatPageData } from "~/app/modules/chat/chat-page.server.ts";
import { chatChannelRules, UpdateChatChannelFields } from "~/app/modules/chat/chat-schemas.ts";
import { ErrorNotice, useErrorText } from "~/app/ui/error-notice.tsx";
import { FieldErrors, NumberField, SubmitButton, TextField } from "~/app/ui/field.tsx";
import type { TextKey } from "~/app/lib/i18n/keys.ts";

/** What the admin/chat action answers; a channel's answer shows in its card. */
export interface ChatActionData {
  intent: string;
  channelId: string | null;
  result: SubmissionResult<string[]>;
  notice?: TextKey;
}

type Channel = ChatPageData["channels"][number];
type Topic = ChatPageData["topics"][number];
type Pending = (intent: string, channelId?: string) => boolean;

const SettingsForm = UpdateChatChannelFields.extend({ intent: z.literal("update") }).superRefine(
  chatChannelRules,
);

/** One Teams or Slack channel: its state, why it is paused, its settings, removing it. */
export function ChatChannelCard({
  channel,
  topics,
  timeZone,
  actionData,
  pending,
}: {
  channel: Channel;
  topics: Topic[];
  timeZone: string;
  /** the action's answer when it was about this channel */
  actionData: ChatActionData | undefined;
  pending: Pending;
}) {
  const { t } = useTranslation();
  const id = channel.id;
  const headingId = `chat-channel-${id}-h`;
  const formErrors = (intent: string) =>
    actionData?.intent === intent ? (actionData.result.error?.[""] ?? undefined) : undefined;
  const chosen = channel.topics.map((topic) => topic.name).join(", ");
  return (
    <article className="card stack" aria-labelledby={headingId}>
      <div className="toolbar">
        <h3 id={headingId}>{channel.name}</h3>
        <div className="cluster badges">
          <span className="badge neutral">{t(`chat.channels.provider.${channel.provider}`)}</span>
          <span className={channel.status === "active" ? "badge ok" : "badge warn"}>
            {t(`chat.channels.status.${channel.status}`)}
          </span>
        </div>
      </div>
      {actionData?.notice ? (
        <p className="notice" role="status">
          {t(actionData.notice)}
        </p>
      ) : null}
      {channel.status === "paused" ? (
        <div className="warning stack stack-sm">
          <p>
            {t("chat.channels.pausedReason", {
              count: channel.consecutiveFailures,
              ago: channel.pausedAgo ?? "",
            })}
          </p>
          <p>{t(`chat.channels.fix.${channel.provider}`)}</p>
          <Form method="post" className="stack stack-sm">
            <input type="hidden" name="intent" value="resume" />
            <input type="hidden" name="channelId" value={id} />
            <ErrorNotice area="chat.channels" errors={formErrors("resume")} />
            <div>
              <SubmitButton pending={pending("resume", id)}>{t("chat.channels.resume")}</SubmitButton>
            </div>
          </Form>
        </div>
      ) : null}
      <dl className="pairs">
        <dt>{t(`chat.channels.where.${channel.provider}`)}</dt>
        <dd className="share-target-url">{channel.teamsHost ?? channel.slackChannelId}</dd>
        <dt>{t("chat.channels.topics")}</dt>
        <dd>{channel.allTopics ? t("chat.channels.allTopics") : chosen || t("chat.channels.noTopics")}</dd>
        <dt>{t("chat.channels.quietHours")}</dt>
        <dd>
          {channel.quietFrom && channel.quietUntil
            ? t("chat.channels.quietRange", { from: channel.quietFrom, until: channel.quietUntil, timeZone })
            : t("chat.channels.quietNone")}
        </dd>
        <dt>{t("chat.channels.dailyLimit")}</dt>
        <dd>{t("chat.channels.dailyLimitValue", { count: channel.dailyLimit })}</dd>
        <dt>{t("chat.channels.weeklyDigest")}</dt>
        <dd>{channel.weeklyDigest ? t("chat.channels.digestOn") : t("chat.channels.digestOff")}</dd>
        <dt>{t("chat.channels.lastSuccess")}</dt>
        <dd>{channel.lastSuccessAgo ?? t("chat.channels.never")}</dd>
        {channel.lastError ? (
          <>
            <dt>{t("chat.channels.lastError")}</dt>
            <dd className="pre-wrap share-target-url">
              {t(`chat.channels.lastErrorText.${channel.provider}`, {
                ago: channel.lastFailureAgo ?? "",
                error: channel.lastError,
              })}
            </dd>
          </>
        ) : null}
        <dt>{t("chat.channels.recentTitle")}</dt>
        <dd>
          {t("chat.channels.recent", {
            sent: channel.recent.sent,
            failed: channel.recent.failed,
            skipped: channel.recent.skipped,
          })}
        </dd>
      </dl>
      <details open={actionData?.intent === "update" && !!actionData.result.error}>
        <summary className="button secondary">{t("chat.channels.edit")}</summary>
        <ChannelSettingsForm
          channel={channel}
          topics={topics}
          timeZone={timeZone}
          lastResult={actionData?.intent === "update" ? actionData.result : undefined}
          pending={pending("update", id)}
        />
      </details>
      <details open={!!formErrors("remove")}>
        <summary className="button secondary">{t("chat.channels.remove")}</summary>
        <Form method="post" className="stack stack-sm revoke-confirm">
          <input type="hidden" name="intent" value="remove" />
          <input type="hidden" name="channelId" value={id} />
          <p>{t(`chat.channels.removeConfirm.${channel.provider}`, { name: channel.name })}</p>
          <ErrorNotice area="chat.channels" errors={formErrors("remove")} />
          <div>
            <button type="submit" className="danger" disabled={pending("remove", id)}>
              {t("chat.channels.removeSubmit", { name: channel.name })}
            </button>
          </div>
        </Form>
      </details>
    </article>
  );
}

function ChannelSettingsForm({
  channel,
  topics,
  timeZone,
  lastResult,
  pending,
}: {
  channel: Channel;
  topics: Topic[];
  timeZone: string;
  lastResult: SubmissionResult<string[]> | undefined;
  pending: boolean;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText("chat.channels");
  const [form, fields] = useForm({
    id: `chat-channel-${channel.id}`,
    lastResult,
    constraint: getZodConstraint(SettingsForm),
    defaultValue: {
      name: channel.name,
      topics: channel.allTopics ? "all" : "chosen",
      topicIds: channel.topics.map((topic) => topic.id),
      quietFrom: channel.quietFrom ?? "",
      quietUntil: channel.quietUntil ?? "",
      dailyLimit: String(channel.dailyLimit),
    },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SettingsForm }),
  });
  const chosen = new Set(channel.topics.map((topic) => topic.id));
  const quietFrom = getInputProps(fields.quietFrom, {
    type: "time",
    ariaDescribedBy: `${form.id}-quiet-hint`,
  });
  const quietUntil = getInputProps(fields.quietUntil, {
    type: "time",
    ariaDescribedBy: `${form.id}-quiet-hint`,
  });
  return (
    <Form method="post" className="stack revoke-confirm" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="update" />
      <input type="hidden" name="channelId" value={channel.id} />
      <ErrorNotice area="chat.channels" errors={form.errors} />
      <TextField
        field={fields.name}
        label={t("chat.channels.name")}
        autoComplete="off"
        errorText={errorText}
      />
      <fieldset aria-describedby={fields.topicIds.errors ? fields.topicIds.errorId : undefined}>
        <legend>{t("chat.channels.topics")}</legend>
        <div className="stack stack-sm">
          <label className="row radio-line">
            <input
              type="radio"
              name={fields.topics.name}
              value="all"
              defaultChecked={channel.allTopics || topics.length === 0}
            />
            <span>{t("chat.channels.allTopics")}</span>
          </label>
          {topics.length ? (
            <>
              <label className="row radio-line">
                <input
                  type="radio"
                  name={fields.topics.name}
                  value="chosen"
                  defaultChecked={!channel.allTopics}
                />
                <span>{t("chat.channels.chosenTopics")}</span>
              </label>
              <ul className="list-plain cluster" aria-label={t("chat.channels.topicList")}>
                {topics.map((topic) => (
                  <li key={topic.id}>
                    <label className="row radio-line">
                      <input
                        type="checkbox"
                        name={fields.topicIds.name}
                        value={topic.id}
                        defaultChecked={chosen.has(topic.id)}
                      />
                      <span>{topic.name}</span>
                    </label>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="hint">{t("chat.channels.noTopicsYet")}</p>
          )}
          <FieldErrors field={fields.topicIds} errorText={errorText} />
        </div>
      </fieldset>
      <fieldset>
        <legend>{t("chat.channels.quietHours")}</legend>
        <p id={`${form.id}-quiet-hint`} className="hint">
          {t("chat.channels.quietHint", { timeZone })}
        </p>
        <div className="cluster">
          <label htmlFor={fields.quietFrom.id}>
            {t("chat.channels.quietFrom")}
            <input {...quietFrom} key={quietFrom.key} className="input-short" />
            <FieldErrors field={fields.quietFrom} errorText={errorText} />
          </label>
          <label htmlFor={fields.quietUntil.id}>
            {t("chat.channels.quietUntil")}
            <input {...quietUntil} key={quietUntil.key} className="input-short" />
            <FieldErrors field={fields.quietUntil} errorText={errorText} />
          </label>
        </div>
      </fieldset>
      <NumberField
        field={fields.dailyLimit}
        label={t("chat.channels.dailyLimit")}
        hint={t("chat.channels.dailyLimitHint")}
        step="1"
        errorText={errorText}
      />
      <div>
        <label className="row radio-line">
          <input
            type="checkbox"
            name={fields.weeklyDigest.name}
            defaultChecked={channel.weeklyDigest}
            aria-describedby={`${form.id}-digest-hint`}
          />
          <span>{t("chat.channels.weeklyDigest")}</span>
        </label>
        <p id={`${form.id}-digest-hint`} className="hint">
          {t("chat.channels.weeklyDigestHint")}
        </p>
      </div>
      <div>
        <SubmitButton pending={pending}>{t("chat.channels.save")}</SubmitButton>
      </div>
    </Form>
  );
}
