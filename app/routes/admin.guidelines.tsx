import { useTranslation } from "react-i18next";
import { data, Form, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/admin.guidelines";
import { withTenant } from "~/db/tenant.ts";
import { ValidationError } from "~/app/lib/errors";
import {
  getCurrentGuidelines,
  listGuidelineVersions,
  publishGuidelines,
} from "~/app/modules/advocacy/guidelines.server";
import {
  MAX_DISCLOSURE_LENGTH,
  PublishGuidelinesInput,
  ShareDisclosureInput,
} from "~/app/modules/advocacy/schemas";
import {
  getDisclosureLabels,
  getShareDisclosure,
  rewardedWithoutAdLabel,
  saveDisclosureLabels,
  setShareDisclosure,
  sharesIncentivised,
  type DisclosureLabelsInput,
} from "~/app/modules/advocacy/share-disclosure.server";
import { suggestedLabel } from "~/app/modules/sharing/disclosure";
import { LOCALES, NETWORKS } from "~/db/schema.ts";
import { requireMember } from "~/app/modules/auth/require.server";
import { useFormatDate } from "~/app/ui/content-bits";
import { GuidelinesEditor } from "~/app/ui/guidelines-editor";

const Intent = z.object({ intent: z.enum(["publish", "disclosure", "labels", "suggest"]) });
type Errors = Record<string, string[]>;

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

function fieldErrorsOf(error: z.ZodError): Errors {
  const out: Errors = {};
  for (const issue of error.issues) (out[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
  return out;
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member } = await requireMember(request, params, "guidelines.manage");
  const form = Object.fromEntries(await request.formData());
  const which = Intent.safeParse(form);
  if (!which.success) throw new Response("invalid_input", { status: 400 });
  const { intent } = which.data;
  if (intent === "publish") {
    const parsed = PublishGuidelinesInput.safeParse(form);
    if (!parsed.success)
      return data({ intent, errors: fieldErrorsOf(parsed.error), version: null }, { status: 400 });
    const { version } = await withTenant(db, member.tenantId, (tx) =>
      publishGuidelines(tx, member, parsed.data),
    );
    return { intent, errors: null, version, unmarked: [] };
  }
  if (intent === "labels" || intent === "suggest") {
    try {
      // saved, with a warning when shares are rewarded and a label says nothing of advertising
      const unmarked = await withTenant(db, member.tenantId, async (tx) => {
        let input = form as DisclosureLabelsInput;
        // "suggest": what is typed stays, empty fields get the suggestion (#Werbung/#ad when shares earn points)
        if (intent === "suggest") {
          const incentivised = await sharesIncentivised(tx, member.tenantId);
          const typed = (key: string) => (typeof form[key] === "string" ? form[key].trim() : "");
          input = Object.fromEntries(
            NETWORKS.flatMap((n) =>
              LOCALES.map((l) => [`${n}.${l}`, typed(`${n}.${l}`) || suggestedLabel(l, incentivised)]),
            ),
          ) as DisclosureLabelsInput;
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
  const parsed = ShareDisclosureInput.safeParse(form);
  if (!parsed.success)
    return data({ intent, errors: fieldErrorsOf(parsed.error), version: null }, { status: 400 });
  try {
    await setShareDisclosure(db, member, member.tenantId, parsed.data.disclosure);
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
          <div style={{ overflowX: "auto" }}>
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
