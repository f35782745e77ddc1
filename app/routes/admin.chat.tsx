import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/admin.chat";
import { withTenant } from "~/db/tenant.ts";
import { domainFormErrors } from "~/app/lib/domain-form-errors.server.ts";
import { DomainError } from "~/app/lib/errors.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { addSlackChannel } from "~/app/modules/chat/add-slack-channel.server.ts";
import { addTeamsChannel } from "~/app/modules/chat/add-teams-channel.server.ts";
import {
  AddSlackChannelForm,
  AddTeamsChannelForm,
  ChatChannelIdInput,
  chatChannelRules,
  UpdateChatChannelFields,
} from "~/app/modules/chat/chat-schemas.ts";
import { loadChatPage } from "~/app/modules/chat/chat-page.server.ts";
import { removeChatChannel } from "~/app/modules/chat/remove-chat-channel.server.ts";
import { removeSlackInstallation } from "~/app/modules/chat/remove-slack-installation.server.ts";
import { resumeChatChannel } from "~/app/modules/chat/resume-chat-channel.server.ts";
import { updateChatChannel } from "~/app/modules/chat/update-chat-channel.server.ts";
import { readerLocale } from "~/app/modules/freshness/freshness.server.ts";
import { ChatChannelCard, type ChatActionData } from "~/app/ui/chat/channel-card.tsx";
import { SlackSection } from "~/app/ui/chat/slack-section.tsx";
import { useErrorText, ErrorNotice } from "~/app/ui/error-notice.tsx";
import { SubmitButton, TextField } from "~/app/ui/field.tsx";
import type { TextKey } from "~/app/lib/i18n/keys.ts";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["chat"], title: "titles.adminChat" } satisfies I18nHandle;

const AddTeamsForm = AddTeamsChannelForm.extend({ intent: z.literal("add-teams") });
export const AddSlackForm = AddSlackChannelForm.extend({ intent: z.literal("add-slack") });
const ChatAction = z.discriminatedUnion("intent", [
  AddTeamsForm,
  AddSlackForm,
  z.object({ intent: z.literal("remove-slack") }),
  UpdateChatChannelFields.extend({ intent: z.literal("update") }).superRefine(chatChannelRules),
  ChatChannelIdInput.extend({ intent: z.literal("remove") }),
  ChatChannelIdInput.extend({ intent: z.literal("resume") }),
]);
type ChatAction = z.infer<typeof ChatAction>;

export async function loader({ request, params }: Route.LoaderArgs) {
  const ctx = await requireMember(request, params, "integrations.manage");
  const { db, member, tenant } = ctx;
  const locale = readerLocale(request, ctx);
  return withTenant(db, member.tenantId, (tx) =>
    loadChatPage(tx, member, { tenant, locale, now: new Date(), query: new URL(request.url).searchParams }),
  );
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member } = await requireMember(request, params, "integrations.manage");
  const submission = parseWithZod(await request.formData(), { schema: ChatAction });
  const intent = String(submission.payload.intent ?? "");
  const channelId = typeof submission.payload.channelId === "string" ? submission.payload.channelId : null;
  // the webhook URL is a credential: never echoed back in the form's answer
  const hideFields = ["webhookUrl"];
  if (submission.status !== "success")
    return data<ChatActionData>(
      { intent, channelId, result: submission.reply({ hideFields }) },
      { status: 400 },
    );
  const input = submission.value;
  try {
    const notice = await run(input);
    return data<ChatActionData>({
      intent,
      channelId,
      notice,
      result: submission.reply({ resetForm: input.intent.startsWith("add-"), hideFields }),
    });
  } catch (error) {
    // a refusal the admin can act on, next to its field or on its form; anything else is rethrown
    const errors = domainFormErrors(error);
    return data<ChatActionData>(
      { intent, channelId, result: submission.reply({ ...errors, hideFields }) },
      { status: error instanceof DomainError ? error.status : 400 },
    );
  }

  async function run(value: ChatAction): Promise<TextKey> {
    switch (value.intent) {
      case "add-teams":
        await addTeamsChannel(db, member, { name: value.name, webhookUrl: value.webhookUrl });
        return "chat.channels.added";
      case "add-slack":
        await addSlackChannel(db, member, { name: value.name, channelId: value.channelId });
        return "chat.channels.added";
      case "remove-slack":
        await withTenant(db, member.tenantId, (tx) => removeSlackInstallation(tx, member));
        return "chat.slack.removed";
      case "update": {
        const { intent: _, ...settings } = value;
        await withTenant(db, member.tenantId, (tx) => updateChatChannel(tx, member, settings));
        return "chat.channels.saved";
      }
      case "remove":
        await withTenant(db, member.tenantId, (tx) => removeChatChannel(tx, member, value));
        return "chat.channels.removed";
      case "resume": {
        const { resumed } = await withTenant(db, member.tenantId, (tx) =>
          resumeChatChannel(tx, member, value),
        );
        return resumed ? "chat.channels.resumed" : "chat.channels.alreadyActive";
      }
    }
  }
}

export default function AdminChat({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const page = loaderData;
  const navigation = useNavigation();
  const pending = (intent: string, channelId?: string) =>
    navigation.state === "submitting" &&
    navigation.formData?.get("intent") === intent &&
    (!channelId || navigation.formData.get("channelId") === channelId);
  const notice = actionData?.notice && !actionData.channelId ? actionData.notice : undefined;
  const removedNotice = actionData?.intent === "remove" && actionData.notice ? actionData.notice : undefined;
  return (
    <>
      <h1>{t("chat.channels.title")}</h1>
      <p>{t("chat.channels.lead")}</p>
      {!page.serverReady ? (
        <p className="alert" role="alert">
          {t("chat.errors.chat_server_not_configured")}
        </p>
      ) : null}
      {notice || removedNotice ? (
        <p className="notice" role="status">
          {t(notice ?? removedNotice!)}
        </p>
      ) : null}

      <section className="stack" aria-labelledby="chat-channels-h">
        <h2 id="chat-channels-h">{t("chat.channels.listTitle")}</h2>
        {page.channels.length === 0 ? (
          <p className="empty">{t("chat.channels.empty")}</p>
        ) : (
          <ul className="stack list-plain" aria-labelledby="chat-channels-h">
            {page.channels.map((channel) => (
              <li key={channel.id}>
                <ChatChannelCard
                  channel={channel}
                  topics={page.topics}
                  timeZone={page.timeZone}
                  actionData={actionData?.channelId === channel.id ? actionData : undefined}
                  pending={pending}
                />
              </li>
            ))}
          </ul>
        )}
      </section>

      <AddTeamsSection
        lastResult={actionData?.intent === "add-teams" ? actionData.result : undefined}
        pending={pending("add-teams")}
      />

      <SlackSection
        slack={page.slack}
        canInstall={page.canInstall}
        actionData={
          actionData?.intent === "add-slack" || actionData?.intent === "remove-slack" ? actionData : undefined
        }
        pending={pending}
      />

      <section className="card stack" aria-labelledby="chat-teams-app-h">
        <h2 id="chat-teams-app-h">{t("chat.channels.teamsApp.title")}</h2>
        <p>{t("chat.channels.teamsApp.lead")}</p>
        <ol className="stack stack-sm">
          <li>{t("chat.channels.teamsApp.step1")}</li>
          <li>{t("chat.channels.teamsApp.step2")}</li>
        </ol>
        <div>
          {/* a file, not a page: a plain link, the browser downloads it */}
          <a className="button secondary" href={page.teamsAppUrl} download>
            {t("chat.channels.teamsApp.download")}
          </a>
        </div>
      </section>
    </>
  );
}

function AddTeamsSection({
  lastResult,
  pending,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  pending: boolean;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText("chat.channels");
  const [form, fields] = useForm({
    id: "chat-add-teams",
    lastResult,
    constraint: getZodConstraint(AddTeamsForm),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddTeamsForm }),
  });
  return (
    <section className="card stack" aria-labelledby="chat-add-teams-h">
      <h2 id="chat-add-teams-h">{t("chat.channels.addTeams.title")}</h2>
      <ol className="stack stack-sm">
        <li>{t("chat.channels.addTeams.step1")}</li>
        <li>{t("chat.channels.addTeams.step2")}</li>
        <li>{t("chat.channels.addTeams.step3")}</li>
      </ol>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="add-teams" />
        <ErrorNotice area="chat.channels" errors={form.errors} />
        <TextField
          field={fields.name}
          label={t("chat.channels.name")}
          hint={t("chat.channels.nameHint")}
          autoComplete="off"
          errorText={errorText}
        />
        <TextField
          field={fields.webhookUrl}
          type="url"
          label={t("chat.channels.addTeams.webhookUrl")}
          hint={t("chat.channels.addTeams.webhookUrlHint")}
          autoComplete="off"
          errorText={errorText}
        />
        <div>
          <SubmitButton pending={pending}>{t("chat.channels.addTeams.submit")}</SubmitButton>
        </div>
      </Form>
    </section>
  );
}
