import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/admin.guidelines";
import { withTenant } from "~/db/tenant.ts";
import { ValidationError } from "~/app/lib/errors.ts";
import { SafeText, submissionFieldErrors } from "~/app/lib/validation.ts";
import {
  getCurrentGuidelines,
  listGuidelineVersions,
  publishGuidelines,
} from "~/app/modules/advocacy/guidelines.server.ts";
import {
  MAX_DISCLOSURE_LENGTH,
  PublishGuidelinesInput,
  ShareDisclosureInput,
} from "~/app/modules/advocacy/schemas.ts";
import {
  getDisclosureLabels,
  getShareDisclosure,
  rewardedWithoutAdLabel,
  sharesIncentivised,
} from "~/app/modules/advocacy/share-disclosure.server.ts";
import {
  saveDisclosureLabels,
  type DisclosureLabelsInput,
} from "~/app/modules/advocacy/save-disclosure-labels.server.ts";
import { setShareDisclosure } from "~/app/modules/advocacy/set-share-disclosure.server.ts";
import { suggestedLabel } from "~/app/modules/sharing/disclosure.ts";
import { LOCALES, NETWORKS, type Locale, type Network } from "~/db/schema.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { useFormatDate } from "~/app/ui/content-bits.tsx";
import { GuidelinesEditor } from "~/app/ui/guidelines-editor.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["advocacy", "content"], title: "titles.adminGuidelines" } satisfies I18nHandle;

const GuidelinesIntent = z.enum(["publish", "disclosure", "labels", "suggest"]);

/** The label fields are named "<network>.<language>": conform reads them as { linkedin: { de } }. */
const LabelFields = Object.fromEntries(
  NETWORKS.map((n) => [
    n,
    z.object(Object.fromEntries(LOCALES.map((l) => [l, SafeText.optional()]))).optional(),
  ]),
) as Record<Network, z.ZodOptional<z.ZodObject<Record<Locale, z.ZodOptional<typeof SafeText>>>>>;

/** The guidelines page's forms, one per intent ("suggest" is the labels form's second button). */
const GuidelinesActionInput = z.discriminatedUnion("intent", [
  PublishGuidelinesInput.safeExtend({ intent: z.literal("publish") }),
  ShareDisclosureInput.extend({ intent: z.literal("disclosure") }),
  z.object({ intent: z.literal("labels"), ...LabelFields }),
  z.object({ intent: z.literal("suggest"), ...LabelFields }),
]);
export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member, tenant } = await requireMember(request, params, "guidelines.manage");
  return withTenant(db, member.tenantId, async (tx) => ({
    current: await getCurrentGuidelines(tx, member.tenantId),
    versions: await listGuidelineVersions(tx, member.tenantId),
    disclosure: await getShareDisclosure(tx, member.tenantId),
    labels: (await getDisclosureLabels(tx, member.tenantId)).labels,
    incentivised: await sharesIncentivised(tx, member.tenantId),
    unmarked: await rewardedWithoutAdLabel(tx, member.tenantId),
    timeZone: tenant.timeZone,
  }));
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member } = await requireMember(request, params, "guidelines.manage");
  // the texts as typed ("" stays ""): the schemas say what an empty field means
  const submission = parseWithZod(await request.formData(), {
    schema: GuidelinesActionInput,
    disableAutoCoercion: true,
  });
  if (submission.status !== "success") {
    const which = GuidelinesIntent.safeParse(submission.payload.intent);
    if (!which.success) throw new Response("invalid_input", { status: 400 });
    const errors = submissionFieldErrors(submission.error);
    return data({ intent: which.data, errors, version: null }, { status: 400 });
  }
  const form = submission.value;
  const { intent } = form;
  if (form.intent === "publish") {
    const { version } = await withTenant(db, member.tenantId, (tx) => publishGuidelines(tx, member, form));
    return { intent, errors: null, version, unmarked: [] };
  }
  if (form.intent === "labels" || form.intent === "suggest") {
    const typed = (n: Network, l: Locale) => form[n]?.[l] ?? "";
    try {
      // saved, with a warning when shares are rewarded and a label says nothing of advertising
      const unmarked = await withTenant(db, member.tenantId, async (tx) => {
        let input: DisclosureLabelsInput = Object.fromEntries(
          NETWORKS.flatMap((n) => LOCALES.map((l) => [`${n}.${l}`, typed(n, l)])),
        );
        // "suggest": what is typed stays, empty fields get the suggestion (#Werbung/#ad when shares earn points)
        if (intent === "suggest") {
          const incentivised = await sharesIncentivised(tx, member.tenantId);
          input = Object.fromEntries(
            NETWORKS.flatMap((n) =>
              LOCALES.map((l) => [`${n}.${l}`, typed(n, l).trim() || suggestedLabel(l, incentivised)]),
            ),
          );
        }
        await saveDisclosureLabels(tx, member, input);
        return rewardedWithoutAdLabel(tx, member.tenantId);
      });
      return { intent, errors: null, version: null, unmarked };
    } catch (error) {
      if (error instanceof ValidationError)
        return data({ intent, errors: error.fieldErrors, version: null }, { status: 400 });
      throw error;
    }
  }
  try {
    await withTenant(db, member.tenantId, (tx) =>
      setShareDisclosure(tx, member, member.tenantId, form.disclosure),
    );
  } catch (error) {
    if (error instanceof ValidationError)
      return data({ intent, errors: error.fieldErrors, version: null }, { status: 400 });
    throw error;
  }
  // the fallback counts where a network and language have no label of their own
  return {
    intent,
    errors: null,
    version: null,
    unmarked: await withTenant(db, member.tenantId, (tx) => rewardedWithoutAdLabel(tx, member.tenantId)),
  };
}

export default function AdminGuidelines({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const pending = navigation.state === "submitting";
  const formatDate = useFormatDate(loaderData.timeZone);
  const { current, versions, disclosure, labels, incentivised, unmarked } = loaderData;
  const unmarkedOf = (n: string, l: string) => unmarked.some((u) => u.network === n && u.language === l);
  const labelErrors =
    actionData?.intent === "labels" || actionData?.intent === "suggest"
      ? (actionData.errors ?? undefined)
      : undefined;
  const labelOf = (n: string, l: string) =>
    labels.find((x) => x.network === n && x.language === l)?.label ?? "";
  const publishErrors = actionData?.intent === "publish" ? (actionData.errors ?? undefined) : undefined;
  const disclosureErrors = actionData?.intent === "disclosure" ? actionData.errors?.disclosure : undefined;

  return (
    <>
      <h1>{t("advocacy.admin.title")}</h1>
      <p>{t("advocacy.admin.lead")}</p>
      {actionData?.version ? (
        <p className="notice" role="status">
          {t("advocacy.admin.published", { version: actionData.version })}
        </p>
      ) : null}
      <GuidelinesEditor
        // a fresh editor (starting from the newest text) after each publication
        key={current?.version ?? 0}
        initial={{ de: current?.bodyDe ?? "", en: current?.bodyEn ?? "" }}
        errors={publishErrors}
        pending={pending}
      />

      <section className="card stack" aria-labelledby="history-h">
        <h2 id="history-h">{t("advocacy.admin.history")}</h2>
        {versions.length === 0 ? (
          <p>{t("advocacy.admin.historyEmpty")}</p>
        ) : (
          <ul>
            {versions.map((v) => (
              <li key={v.version}>
                {t("advocacy.admin.historyItem", {
                  version: v.version,
                  date: formatDate(v.publishedAt),
                  name: v.publishedByName ?? t("advocacy.admin.unknownPerson"),
                  count: v.acknowledgedCount,
                })}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card stack" aria-labelledby="disclosure-h">
        <h2 id="disclosure-h">{t("advocacy.admin.disclosureTitle")}</h2>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="disclosure" />
          <label htmlFor="disclosure">
            {t("advocacy.admin.disclosureLabel")}
            <span id="disclosure-hint" className="hint">
              {t("advocacy.admin.disclosureHint")}
            </span>
            <input
              id="disclosure"
              name="disclosure"
              defaultValue={disclosure ?? ""}
              maxLength={MAX_DISCLOSURE_LENGTH}
              placeholder="#mitarbeiter"
              aria-describedby={disclosureErrors ? "disclosure-hint disclosure-error" : "disclosure-hint"}
              aria-invalid={disclosureErrors ? true : undefined}
            />
            {disclosureErrors ? (
              <span id="disclosure-error" className="field-error">
                {disclosureErrors.map((e) => t(`validation.${e}`, { defaultValue: e })).join(" ")}
              </span>
            ) : null}
          </label>
          <div className="row">
            <button type="submit" disabled={pending}>
              {t("advocacy.admin.disclosureSave")}
            </button>
            {actionData?.intent === "disclosure" && !actionData.errors && navigation.state === "idle" ? (
              <span className="notice" role="status">
                {t("advocacy.admin.disclosureSaved")}
              </span>
            ) : null}
          </div>
        </Form>
      </section>

      <section className="card stack" aria-labelledby="labels-h">
        <h2 id="labels-h">{t("advocacy.admin.labelsTitle")}</h2>
        <p>{t("advocacy.admin.labelsLead")}</p>
        <p className="hint">{t("advocacy.admin.labelsLaw")}</p>
        {incentivised ? (
          <p className="alert" role="note" data-testid="labels-incentivised">
            {t("advocacy.admin.labelsIncentivised")}
          </p>
        ) : null}
        {unmarked.length > 0 ? (
          <div className="alert" role="alert" id="labels-unmarked" data-testid="labels-unmarked">
            <p>{t("advocacy.admin.labelsUnmarked")}</p>
            <ul>
              {unmarked.map((u) => (
                <li key={`${u.network}.${u.language}`}>
                  {t(`content.networks.${u.network}`)}, {t(`content.languages.${u.language}`)}:{" "}
                  {u.label ?? t("advocacy.admin.labelsNone")}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {/* a fresh form after each save: the fields show what was stored */}
        <Form
          method="post"
          className="stack"
          key={labels.map((x) => `${x.network}.${x.language}=${x.label}`).join("|")}
        >
          <div
            className="table-scroll"
            role="region"
            aria-label={t("advocacy.admin.labelsCaption")}
            tabIndex={0}
          >
            <table>
              <caption className="visually-hidden">{t("advocacy.admin.labelsCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("advocacy.admin.labelsNetwork")}</th>
                  {LOCALES.map((l) => (
                    <th key={l} scope="col">
                      {t(`content.languages.${l}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {NETWORKS.map((n) => (
                  <tr key={n}>
                    <th scope="row">{t(`content.networks.${n}`)}</th>
                    {LOCALES.map((l) => {
                      const name = `${n}.${l}`;
                      const errors = labelErrors?.[name];
                      return (
                        <td key={l}>
                          <input
                            name={name}
                            aria-label={`${t(`content.networks.${n}`)}, ${t(`content.languages.${l}`)}`}
                            defaultValue={labelOf(n, l)}
                            maxLength={MAX_DISCLOSURE_LENGTH}
                            placeholder={suggestedLabel(l, incentivised)}
                            aria-invalid={errors ? true : undefined}
                            aria-describedby={unmarkedOf(n, l) ? "labels-unmarked" : undefined}
                          />
                          {unmarkedOf(n, l) ? (
                            <span className="hint">{t("advocacy.admin.labelsNoAdMarker")}</span>
                          ) : null}
                          {errors ? (
                            <span className="field-error">
                              {errors.map((e) => t(`validation.${e}`, { defaultValue: e })).join(" ")}
                            </span>
                          ) : null}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="row">
            <button type="submit" name="intent" value="labels" disabled={pending}>
              {t("advocacy.admin.labelsSave")}
            </button>
            <button type="submit" name="intent" value="suggest" className="secondary" disabled={pending}>
              {t("advocacy.admin.labelsSuggest")}
            </button>
            {(actionData?.intent === "labels" || actionData?.intent === "suggest") &&
            !actionData.errors &&
            navigation.state === "idle" ? (
              <span className="notice" role="status">
                {t("advocacy.admin.labelsSaved")}
                {actionData.unmarked?.length ? (
                  <> {t("advocacy.admin.labelsSavedUnmarked", { count: actionData.unmarked.length })}</>
                ) : null}
              </span>
            ) : null}
          </div>
        </Form>
      </section>
    </>
  );
}
