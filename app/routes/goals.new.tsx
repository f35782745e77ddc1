import { getFormProps, getInputProps, getSelectProps, useForm, type FieldMetadata } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, Link, redirect, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/goals.new";
import { useTenantData } from "~/app/routes/tenant.tsx";
import { withTenant } from "~/db/tenant.ts";
import { OBJECTIVE_METRICS } from "~/db/tables/recognition.ts";
import { codeOf } from "~/app/lib/errors.ts";
import { domainFormErrors, type FormErrors } from "~/app/lib/domain-form-errors.server.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { findAgreement, proposalFromAgreement } from "~/app/modules/goals/agreement-records.server.ts";
import { listDirectReports } from "~/app/modules/goals/list-direct-reports.server.ts";
import { proposeAgreement } from "~/app/modules/goals/propose-agreement.server.ts";
import { reviseAgreement } from "~/app/modules/goals/revise-agreement.server.ts";
import { loadObjectives } from "~/app/modules/goals/evaluate.server.ts";
import { parsePeriod } from "~/app/modules/goals/period.ts";
import { getRecognitionSettings } from "~/app/modules/goals/settings.server.ts";
import {
  MAX_OBJECTIVES,
  periodChoices,
  ProposeAgreementInput,
  quarterOf,
  weightSum,
} from "~/app/modules/goals/schemas.ts";
import { todayIn } from "~/app/lib/days.ts";
import { SubmitButton } from "~/app/ui/field.tsx";
import { useFormatDay } from "~/app/ui/goals.tsx";
import { ErrorNotice } from "~/app/ui/error-notice.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["goals"], title: "titles.goalsNew" } satisfies I18nHandle;

const ReviseParam = z.uuid().optional().catch(undefined);

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, tenant, member } = await requireMember(request, params, "goals.manage");
  const reviseId = ReviseParam.parse(new URL(request.url).searchParams.get("revise") ?? undefined);
  const today = todayIn(tenant.timeZone);
  return withTenant(db, tenant.id, async (tx) => {
    const reports = await listDirectReports(tx, member);
    // when the agreement starts depends on today and the tenant's back-dating rule (agreementWindow)
    const start = {
      today,
      allowBackdated: (await getRecognitionSettings(tx, tenant.id)).allowBackdatedStart,
    };
    let draft: ReturnType<typeof proposalFromAgreement> | null = null;
    if (reviseId) {
      const found = await findAgreement(tx, member, reviseId).catch(() => null);
      const revisable =
        found?.agreement.status === "proposed" ||
        found?.agreement.status === "commented" ||
        found?.agreement.status === "accepted";
      if (!found || found.role !== "manager" || !revisable) throw new Response("not_found", { status: 404 });
      draft = proposalFromAgreement(found.agreement, await loadObjectives(tx, tenant.id, reviseId));
      const wasAccepted = found.agreement.status === "accepted";
      return {
        reports,
        periods: periodChoices(today),
        defaultPeriod: quarterOf(today),
        draft,
        reviseId,
        wasAccepted,
        comment: found.agreement.employeeComment,
        employeeName: found.agreement.employeeName,
        start,
      };
    }
    return {
      reports,
      periods: periodChoices(today),
      defaultPeriod: quarterOf(today),
      draft,
      reviseId: null,
      wasAccepted: false,
      comment: null,
      employeeName: null,
      start,
    };
  });
}

/** A domain refusal as conform errors next to the field it concerns ("forbidden": not one of your reports). */
function formErrors(error: unknown): FormErrors {
  if (codeOf(error, ["forbidden"])) return { fieldErrors: { employeeId: ["not_report"] }, formErrors: [] };
  return domainFormErrors(error);
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, tenant, member } = await requireMember(request, params, "goals.manage");
  const reviseId = ReviseParam.parse(new URL(request.url).searchParams.get("revise") ?? undefined);
  const submission = parseWithZod(await request.formData(), { schema: ProposeAgreementInput });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  let id: string;
  try {
    id = await withTenant(db, tenant.id, async (tx) => {
      if (reviseId) {
        await reviseAgreement(tx, member, reviseId, submission.value);
        return reviseId;
      }
      return (await proposeAgreement(tx, member, submission.value)).id;
    });
  } catch (error) {
    return data({ result: submission.reply(formErrors(error)) }, { status: 409 });
  }
  return redirect(`/t/${params.tenant}/goals/${id}?notice=${reviseId ? "revised" : "proposed"}`);
}

const NEW_OBJECTIVE = { metric: "shares", title: "", target: "", weight: "" };

export default function ProposeGoals({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { tenant } = useTenantData();
  const navigation = useNavigation();
  const { reports, periods, defaultPeriod, draft, reviseId, wasAccepted, comment, employeeName, start } =
    loaderData;
  const [form, fields] = useForm({
    id: reviseId ? `revise-${reviseId}` : "propose-goals",
    lastResult: actionData?.result,
    defaultValue: draft ?? {
      employeeId: reports[0]?.id ?? "",
      period: defaultPeriod,
      from: "",
      to: "",
      objectives: [NEW_OBJECTIVE],
    },
    constraint: getZodConstraint(ProposeAgreementInput),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProposeAgreementInput }),
  });
  const objectives = fields.objectives.getFieldList();
  const sum = weightSum(objectives.map((o) => ({ weight: o.getFieldset().weight.value })));
  const custom = fields.period.value === "custom";
  const employeeProps = getSelectProps(fields.employeeId);
  const periodProps = getSelectProps(fields.period);
  const base = `/t/${tenant.slug}/goals`;

  if (reports.length === 0) {
    return (
      <>
        <h1>{t("goals.new.title")}</h1>
        <p className="empty">{t("goals.new.noReports")}</p>
        <Link className="tap" to={base}>
          ← {t("goals.title")}
        </Link>
      </>
    );
  }
  return (
    <>
      <p>
        <Link className="tap" to={reviseId ? `${base}/${reviseId}` : base}>
          ← {t("goals.title")}
        </Link>
      </p>
      <h1>{reviseId ? t("goals.new.reviseTitle") : t("goals.new.title")}</h1>
      <p>{t("goals.new.lead")}</p>
      {wasAccepted ? (
        <p className="notice" role="note">
          {t("goals.start.revisionHint", { name: employeeName })}
        </p>
      ) : null}
      {comment ? (
        <blockquote className="card">
          <strong>{t("goals.agreement.employeeComment", { name: employeeName })}</strong>
          <p className="pre-wrap">{comment}</p>
        </blockquote>
      ) : null}
      <Form method="post" className="stack" {...getFormProps(form)}>
        {form.errors?.length ? (
          <p className="alert" role="alert">
            <ErrorNotice area="goals" inline errors={form.errors} />
          </p>
        ) : null}
        <section className="card stack">
          <label htmlFor={fields.employeeId.id}>
            {t("goals.new.employee")}
            {reviseId ? (
              <input type="hidden" name={fields.employeeId.name} value={draft?.employeeId ?? ""} />
            ) : null}
            <select
              {...employeeProps}
              key={employeeProps.key}
              disabled={Boolean(reviseId)}
              name={reviseId ? undefined : employeeProps.name}
            >
              {reports.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
            <ErrorNotice
              area="goals"
              inline
              id={fields.employeeId.errorId}
              errors={fields.employeeId.errors}
            />
          </label>
          <div className="field-row">
            <label htmlFor={fields.period.id}>
              {t("goals.new.period")}
              <select {...periodProps} key={periodProps.key}>
                {periods.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
                <option value="custom">{t("goals.new.custom")}</option>
              </select>
              <ErrorNotice area="goals" inline id={fields.period.errorId} errors={fields.period.errors} />
            </label>
            {custom ? (
              <>
                <DateInput field={fields.from} label={t("goals.new.from")} />
                <DateInput field={fields.to} label={t("goals.new.to")} />
              </>
            ) : null}
          </div>
          <StartHint
            period={fields.period.value}
            from={fields.from.value}
            today={start.today}
            allowBackdated={start.allowBackdated}
            backdate={fields.backdate}
          />
        </section>

        <fieldset
          className="card stack"
          aria-describedby={
            fields.objectives.errors?.length
              ? `${fields.objectives.id}-sum ${fields.objectives.errorId}`
              : `${fields.objectives.id}-sum`
          }
        >
          <legend>{t("goals.new.objectives")}</legend>
          {objectives.map((objective, index) => (
            <ObjectiveRow
              key={objective.key}
              field={objective}
              index={index}
              remove={
                objectives.length > 1
                  ? form.remove.getButtonProps({ name: fields.objectives.name, index })
                  : null
              }
            />
          ))}
          <p
            id={`${fields.objectives.id}-sum`}
            aria-live="polite"
            className={sum === 100 ? "hint" : "field-error"}
            data-testid="weight-sum"
          >
            {sum === 100 ? t("goals.new.weightSumOk") : t("goals.new.weightSum", { sum })}
          </p>
          <ErrorNotice area="goals" inline id={fields.objectives.errorId} errors={fields.objectives.errors} />
          {objectives.length < MAX_OBJECTIVES ? (
            <div>
              <button
                className="secondary"
                {...form.insert.getButtonProps({ name: fields.objectives.name, defaultValue: NEW_OBJECTIVE })}
              >
                {t("goals.new.add")}
              </button>
            </div>
          ) : null}
        </fieldset>
        <div className="cluster">
          <SubmitButton pending={navigation.state === "submitting"}>
            {reviseId ? t("goals.new.submitRevision") : t("goals.new.submit")}
          </SubmitButton>
          <Link className="button secondary" to={reviseId ? `${base}/${reviseId}` : base}>
            {t("goals.new.cancel")}
          </Link>
        </div>
      </Form>
    </>
  );
}

/**
 * When the agreement will count from, said before it is proposed: a running period counts from
 * today (agreementWindow in period.ts), unless the tenant allows a back-dated start and the
 * manager asks for it; a custom range starts today at the earliest.
 */
function StartHint({
  period,
  from,
  today,
  allowBackdated,
  backdate,
}: {
  period: string | undefined;
  from: string | undefined;
  today: string;
  allowBackdated: boolean;
  backdate: FieldMetadata<unknown>;
}) {
  const { t } = useTranslation();
  const day = useFormatDay();
  if (period === "custom") {
    if (!from || from >= today || allowBackdated) return null;
    return <p className="hint">{t("goals.start.customPast")}</p>;
  }
  const parsed = period ? parsePeriod({ period }) : null;
  if (!parsed || parsed.startsOn >= today || parsed.endsOn < today) return null;
  const props = getInputProps(backdate, { type: "checkbox", ariaDescribedBy: `${backdate.id}-hint` });
  return (
    <div className="stack" data-testid="start-hint">
      <p className="hint" role="status">
        {t("goals.start.fromToday", { period: parsed.label, day: day(today), end: day(parsed.endsOn) })}
      </p>
      {allowBackdated ? (
        <div>
          <label htmlFor={backdate.id}>
            <input {...props} key={props.key} />
            {t("goals.start.backdate", { day: day(parsed.startsOn) })}
          </label>
          <span id={`${backdate.id}-hint`} className="hint">
            {t("goals.start.backdateHint")}
          </span>
          <ErrorNotice area="goals" inline id={backdate.errorId} errors={backdate.errors} />
        </div>
      ) : (
        <ErrorNotice area="goals" inline id={backdate.errorId} errors={backdate.errors} />
      )}
    </div>
  );
}

function DateInput({ field, label }: { field: FieldMetadata<string | undefined>; label: string }) {
  const props = getInputProps(field, { type: "date" });
  return (
    <label htmlFor={field.id}>
      {label}
      <input {...props} key={props.key} />
      <ErrorNotice area="goals" inline id={field.errorId} errors={field.errors} />
    </label>
  );
}

type ObjectiveField = FieldMetadata<
  ProposeAgreementInput["objectives"][number],
  ProposeAgreementInput,
  string[]
>;

/** One objective: metric, title, target (none for the manager's judgement) and weight. */
function ObjectiveRow({
  field,
  index,
  remove,
}: {
  field: ObjectiveField;
  index: number;
  remove: ReturnType<ReturnType<typeof useForm>[0]["remove"]["getButtonProps"]> | null;
}) {
  const { t } = useTranslation();
  const o = field.getFieldset();
  const manual = o.metric.value === "manual";
  const metricProps = getSelectProps(o.metric);
  const titleProps = getInputProps(o.title, { type: "text" });
  const targetProps = getInputProps(o.target, {
    type: "number",
    ariaDescribedBy: manual ? `${o.target.id}-hint` : undefined,
  });
  const weightProps = getInputProps(o.weight, { type: "number" });
  return (
    <fieldset className="stack">
      <legend>{t("goals.new.objective", { n: index + 1 })}</legend>
      <div className="objective">
        <div className="field-row objective-fields">
          <label htmlFor={o.metric.id}>
            {t("goals.new.metric")}
            <select {...metricProps} key={metricProps.key}>
              {OBJECTIVE_METRICS.map((m) => (
                <option key={m} value={m}>
                  {t(`goals.metrics.${m}`)}
                </option>
              ))}
            </select>
            <ErrorNotice area="goals" inline id={o.metric.errorId} errors={o.metric.errors} />
          </label>
          <label htmlFor={o.title.id}>
            {t("goals.new.objectiveTitle")}
            <input {...titleProps} key={titleProps.key} maxLength={200} />
            <ErrorNotice area="goals" inline id={o.title.errorId} errors={o.title.errors} />
          </label>
          <label htmlFor={o.target.id}>
            {t("goals.new.target")}
            <input {...targetProps} key={targetProps.key} min="0.01" step="any" disabled={manual} />
            {manual ? (
              <span id={`${o.target.id}-hint`} className="hint">
                {t("goals.new.targetManual")}
              </span>
            ) : null}
            <ErrorNotice area="goals" inline id={o.target.errorId} errors={o.target.errors} />
          </label>
          <label htmlFor={o.weight.id}>
            {t("goals.new.weight")}
            <input {...weightProps} key={weightProps.key} min="1" max="100" step="1" />
            <ErrorNotice area="goals" inline id={o.weight.errorId} errors={o.weight.errors} />
          </label>
        </div>
      </div>
      {remove ? (
        <div>
          <button className="secondary" {...remove}>
            {t("goals.new.remove", { n: index + 1 })}
          </button>
        </div>
      ) : null}
    </fieldset>
  );
}
