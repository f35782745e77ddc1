import {
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type FieldMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Form } from "react-router";
import { LOCALES, NETWORKS, type Locale, type Network } from "~/db/schema.ts";
import { captionLength } from "~/app/modules/content/caption-length.ts";
import { postFormSchema } from "~/app/modules/content/post-form-schema.ts";
import { insertDisclosure, type ResolvedDisclosures } from "~/app/modules/sharing/disclosure.ts";
import { ErrorNotice } from "~/app/ui/error-notice.tsx";
import { SubmitButton } from "~/app/ui/field.tsx";

export interface CaptionDefaults {
  network: Network;
  language: Locale;
  addressForm: "sie" | "du" | null;
  text: string;
}

/** Form values as the inputs hold them (dates as `datetime-local` strings in the tenant's zone). */
export interface PostFormDefaults {
  title: string;
  url: string;
  body: string;
  topicIds: string[];
  teamIds: string[];
  publishAt: string;
  expiresAt: string;
  captions: CaptionDefaults[];
}

interface Props {
  id: string;
  timeZone: string;
  topics: { id: string; name: string; requiresSecondApproval: boolean }[];
  teams: { id: string; name: string }[];
  defaultValue?: PostFormDefaults;
  lastResult: SubmissionResult<string[]> | undefined;
  submitLabel: string;
  pending: boolean;
  /** the language new caption rows start in */
  defaultLanguage: Locale;
  /** the disclosure label per network and language: the share page appends it, so the counter counts it */
  disclosures?: ResolvedDisclosures | undefined;
}

/** The create/edit form of a post: fields, topic and team checkboxes, schedule and a caption list. */
export function PostForm({
  id,
  timeZone,
  topics,
  teams,
  defaultValue,
  lastResult,
  submitLabel,
  pending,
  defaultLanguage,
  disclosures,
}: Props) {
  const { t } = useTranslation();
  const schema = useMemo(() => postFormSchema(timeZone), [timeZone]);
  const [form, fields] = useForm({
    id,
    lastResult,
    defaultValue,
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const captions = fields.captions.getFieldList();
  const checked = (field: FieldMetadata<string[] | undefined>) =>
    new Set([field.initialValue ?? []].flat().filter((v): v is string => typeof v === "string"));
  const topicIds = checked(fields.topicIds as FieldMetadata<string[] | undefined>);
  const teamIds = checked(fields.teamIds as FieldMetadata<string[] | undefined>);
  const text = (field: FieldMetadata<unknown>, type: "text" | "url" | "datetime-local", hint?: string) => {
    const props = getInputProps(field as FieldMetadata<string>, { type, ariaDescribedBy: hint });
    return <input {...props} key={props.key} />;
  };

  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      <ErrorNotice area="content" inline errors={form.errors} />
      <section className="card stack">
        <label htmlFor={fields.title.id}>
          {t("content.form.title")}
          {text(fields.title, "text")}
          <ErrorNotice area="content" inline id={fields.title.errorId} errors={fields.title.errors} />
        </label>
        <label htmlFor={fields.url.id}>
          {t("content.form.url")}
          <span id={`${fields.url.id}-hint`} className="hint">
            {t("content.form.urlHint")}
          </span>
          {text(fields.url, "url", `${fields.url.id}-hint`)}
          <ErrorNotice area="content" inline id={fields.url.errorId} errors={fields.url.errors} />
        </label>
        <label htmlFor={fields.body.id}>
          {t("content.form.body")}
          <span id={`${fields.body.id}-hint`} className="hint">
            {t("content.form.bodyHint")}
          </span>
          <textarea
            {...getTextareaProps(fields.body, { ariaDescribedBy: `${fields.body.id}-hint` })}
            key={fields.body.key}
            rows={3}
          />
          <ErrorNotice area="content" inline id={fields.body.errorId} errors={fields.body.errors} />
        </label>
      </section>

      <section className="card stack">
        <fieldset>
          <legend>{t("content.form.topics")}</legend>
          {topics.length === 0 ? <p className="hint">{t("content.form.noTopics")}</p> : null}
          {topics.map((topic) => (
            <label key={topic.id}>
              <input
                type="checkbox"
                name={fields.topicIds.name}
                value={topic.id}
                defaultChecked={topicIds.has(topic.id)}
              />
              <span>
                {topic.name}
                {topic.requiresSecondApproval ? (
                  <span className="hint"> ({t("content.form.secondApproval")})</span>
                ) : null}
              </span>
            </label>
          ))}
          <ErrorNotice area="content" inline errors={fields.topicIds.errors} />
        </fieldset>
        <fieldset aria-describedby={`${id}-teams-hint`}>
          <legend>{t("content.form.teams")}</legend>
          <p id={`${id}-teams-hint`} className="hint">
            {teams.length === 0 ? t("content.form.noTeams") : t("content.form.teamsHint")}
          </p>
          {teams.map((team) => (
            <label key={team.id}>
              <input
                type="checkbox"
                name={fields.teamIds.name}
                value={team.id}
                defaultChecked={teamIds.has(team.id)}
              />
              <span>{team.name}</span>
            </label>
          ))}
          <ErrorNotice area="content" inline errors={fields.teamIds.errors} />
        </fieldset>
      </section>

      <section className="card stack" aria-labelledby={`${id}-schedule`}>
        <h2 id={`${id}-schedule`}>{t("content.form.schedule")}</h2>
        <p id={`${id}-schedule-hint`} className="hint">
          {t("content.form.publishHint", { timeZone })}
        </p>
        <div className="filters">
          <label htmlFor={fields.publishAt.id}>
            {t("content.form.publishAt")}
            {text(fields.publishAt, "datetime-local", `${id}-schedule-hint`)}
            <ErrorNotice
              area="content"
              inline
              id={fields.publishAt.errorId}
              errors={fields.publishAt.errors}
            />
          </label>
          <label htmlFor={fields.expiresAt.id}>
            {t("content.form.expiresAt")}
            {text(fields.expiresAt, "datetime-local", `${id}-schedule-hint`)}
            <ErrorNotice
              area="content"
              inline
              id={fields.expiresAt.errorId}
              errors={fields.expiresAt.errors}
            />
          </label>
        </div>
      </section>

      <section className="card stack" aria-labelledby={`${id}-captions`}>
        <h2 id={`${id}-captions`}>{t("content.form.captions")}</h2>
        <p className="hint">{t("content.form.captionsHint")}</p>
        {captions.length === 0 ? <p className="empty">{t("content.form.noCaptions")}</p> : null}
        {captions.map((caption, index) => (
          <CaptionRow
            key={caption.key}
            field={caption}
            index={index}
            remove={form.remove.getButtonProps({ name: fields.captions.name, index })}
            disclosures={disclosures}
          />
        ))}
        <ErrorNotice area="content" inline errors={fields.captions.errors} />
        <div>
          <button
            className="secondary"
            {...form.insert.getButtonProps({
              name: fields.captions.name,
              defaultValue: { network: "linkedin", language: defaultLanguage, text: "" },
            })}
          >
            {t("content.form.addCaption")}
          </button>
        </div>
      </section>

      <div>
        <SubmitButton pending={pending}>{submitLabel}</SubmitButton>
      </div>
    </Form>
  );
}

type CaptionField = FieldMetadata<
  { network?: string; language?: string; addressForm?: string | null; text?: string } | undefined
>;

/** One caption: network, language, Sie/Du (German only) and the text with a live length counter. */
function CaptionRow({
  field,
  index,
  remove,
  disclosures,
}: {
  field: CaptionField;
  index: number;
  remove: ReturnType<ReturnType<typeof useForm>[0]["remove"]["getButtonProps"]>;
  disclosures?: ResolvedDisclosures | undefined;
}) {
  const { t } = useTranslation();
  const c = field.getFieldset();
  const [network, setNetwork] = useState<Network>(asNetwork(c.network.initialValue));
  const [language, setLanguage] = useState<string>(
    typeof c.language.initialValue === "string" ? c.language.initialValue : "de",
  );
  const [value, setValue] = useState<string>(
    typeof c.text.initialValue === "string" ? c.text.initialValue : "",
  );
  // counted as the employee will share it: with the label of this network and language appended
  const label = disclosures?.[network][language === "en" ? "en" : "de"] ?? null;
  const count = captionLength(network, insertDisclosure(value, label));
  const counterId = `${c.text.id}-count`;
  const networkProps = getSelectProps(c.network);
  const languageProps = getSelectProps(c.language);
  const formProps = getSelectProps(c.addressForm);
  const textProps = getTextareaProps(c.text, { ariaDescribedBy: counterId });
  return (
    <fieldset className="stack">
      <legend>{t("content.form.caption", { n: index + 1 })}</legend>
      <div className="row">
        <label htmlFor={c.network.id}>
          {t("content.form.network")}
          <select
            {...networkProps}
            key={networkProps.key}
            onChange={(e) => setNetwork(asNetwork(e.target.value))}
          >
            {NETWORKS.map((n) => (
              <option key={n} value={n}>
                {t(`content.networks.${n}`)}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={c.language.id}>
          {t("content.form.language")}
          <select {...languageProps} key={languageProps.key} onChange={(e) => setLanguage(e.target.value)}>
            {LOCALES.map((l) => (
              <option key={l} value={l}>
                {t(`content.languages.${l}`)}
              </option>
            ))}
          </select>
        </label>
        {language === "de" ? (
          <label htmlFor={c.addressForm.id}>
            {t("content.form.addressForm")}
            <select {...formProps} key={formProps.key}>
              <option value="">{t("content.addressForms.none")}</option>
              <option value="sie">{t("content.addressForms.sie")}</option>
              <option value="du">{t("content.addressForms.du")}</option>
            </select>
            <ErrorNotice area="content" inline id={c.addressForm.errorId} errors={c.addressForm.errors} />
          </label>
        ) : null}
      </div>
      <label htmlFor={c.text.id}>
        {t("content.form.text")}
        <textarea {...textProps} key={textProps.key} rows={4} onChange={(e) => setValue(e.target.value)} />
      </label>
      <span id={counterId} aria-live="polite" className={count.ok ? "hint" : "field-error"}>
        {label
          ? t("content.form.counterWithLabel", { length: count.length, limit: count.limit, label })
          : t("content.form.counter", { length: count.length, limit: count.limit })}
        {count.ok ? "" : ` – ${t("content.form.tooLong")}`}
      </span>
      <ErrorNotice area="content" inline id={c.text.errorId} errors={c.text.errors} />
      <div>
        <button className="secondary" {...remove}>
          {t("content.form.removeCaption", { n: index + 1 })}
        </button>
      </div>
    </fieldset>
  );
}

function asNetwork(v: unknown): Network {
  return NETWORKS.find((n) => n === v) ?? "linkedin";
}
