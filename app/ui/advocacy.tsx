import { useTranslation } from "react-i18next";
import { Form, Link } from "react-router";
import type { OnboardingPath } from "~/db/tables/advocacy.ts";
import { isLocale } from "~/app/lib/i18n/locale.ts";
import { consentText } from "~/app/modules/advocacy/consent-text.ts";

/** The reader's language as a Locale (the UI only ever runs in de or en). */
export function useLocale() {
  const { i18n } = useTranslation();
  return isLocale(i18n.language) ? i18n.language : "en";
}

/** The current consent text; for someone who agreed to an earlier version, with what changed since. */
export function ConsentTextView({
  headingLevel = 2,
  agreedVersion,
}: {
  headingLevel?: 2 | 3;
  agreedVersion?: string | null | undefined;
}) {
  const text = consentText(useLocale());
  const H = headingLevel === 2 ? "h2" : "h3";
  const Sub = headingLevel === 2 ? "h3" : "h4";
  return (
    <section className="stack" aria-label={text.title}>
      <H>{text.title}</H>
      {agreedVersion && agreedVersion !== text.version && text.changes ? (
        <p className="notice" data-testid="consent-changes">
          {text.changes}
        </p>
      ) : null}
      <p>{text.intro}</p>
      {text.sections.map((s) => (
        <div key={s.heading}>
          <Sub>{s.heading}</Sub>
          <ul>
            {s.points.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

export function JoinForm({ pending, error }: { pending: boolean; error: string | undefined }) {
  const { t } = useTranslation();
  return (
    <Form method="post" className="stack">
      <input type="hidden" name="intent" value="join" />
      <label htmlFor="confirmRead" className="row">
        <input
          id="confirmRead"
          type="checkbox"
          name="confirmRead"
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "confirmRead-error" : undefined}
        />
        {t("advocacy.join.confirm")}
      </label>
      {error ? (
        <span id="confirmRead-error" className="field-error">
          {t("advocacy.join.confirmRequired")}
        </span>
      ) : null}
      <div className="row">
        <button type="submit" disabled={pending}>
          {t("advocacy.join.button")}
        </button>
      </div>
    </Form>
  );
}

/** Agreeing to the current consent text after an earlier one: a new consent, the old one closed. */
export function ReconsentForm({ pending }: { pending: boolean }) {
  const { t } = useTranslation();
  return (
    <Form method="post" className="row">
      <input type="hidden" name="intent" value="reconsent" />
      <button type="submit" disabled={pending}>
        {t("advocacy.reconsent.button")}
      </button>
    </Form>
  );
}

export function LeaveForm({ pending }: { pending: boolean }) {
  const { t } = useTranslation();
  return (
    <section className="card stack" aria-labelledby="leave-h">
      <h2 id="leave-h">{t("advocacy.leave.title")}</h2>
      <p>{t("advocacy.leave.lead")}</p>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="leave" />
        <fieldset className="stack">
          <legend>{t("advocacy.leave.legend")}</legend>
          {(["keep", "anonymise"] as const).map((choice) => (
            <label key={choice} htmlFor={`dataChoice-${choice}`}>
              <span className="row radio-line">
                <input
                  id={`dataChoice-${choice}`}
                  type="radio"
                  name="dataChoice"
                  value={choice}
                  defaultChecked={choice === "keep"}
                  aria-describedby={`dataChoice-${choice}-hint`}
                />
                <span>{t(`advocacy.leave.${choice}`)}</span>
              </span>
              <span id={`dataChoice-${choice}-hint`} className="hint">
                {t(`advocacy.leave.${choice}Hint`)}
              </span>
            </label>
          ))}
        </fieldset>
        <div className="row">
          <button type="submit" className="danger" disabled={pending}>
            {t("advocacy.leave.button")}
          </button>
        </div>
      </Form>
    </section>
  );
}

const BEGINNER_SECTIONS = [
  { key: "share", points: ["p1", "p2", "p3"] },
  { key: "never", points: ["p1", "p2", "p3"] },
] as const;
const CHECKLIST = ["p1", "p2", "p3", "p4"] as const;

/** The two onboarding paths; the chosen one is in the URL (?path=…), so it works without JavaScript. */
export function Onboarding({
  tenantSlug,
  path,
  completed,
  pending,
}: {
  tenantSlug: string;
  path: OnboardingPath | null;
  completed: boolean;
  pending: boolean;
}) {
  const { t } = useTranslation();
  const escalate = `/t/${tenantSlug}/escalate`;
  return (
    <section className="card stack" aria-labelledby="onboarding-h">
      <h2 id="onboarding-h">{t("advocacy.onboarding.title")}</h2>
      <p>{t("advocacy.onboarding.lead")}</p>
      <nav className="row" aria-label={t("advocacy.onboarding.title")}>
        {(["beginner", "experienced"] as const).map((p) => (
          <Link
            key={p}
            to={`?path=${p}#onboarding-h`}
            aria-current={path === p ? "true" : undefined}
            className={path === p ? "button" : "button secondary"}
          >
            {t(`advocacy.onboarding.${p}`)}
          </Link>
        ))}
      </nav>
      {path === "beginner" ? (
        <div className="stack">
          {BEGINNER_SECTIONS.map((s) => (
            <div key={s.key}>
              <h3>{t(`advocacy.onboarding.${s.key}.title`)}</h3>
              <ul>
                {s.points.map((p) => (
                  <li key={p}>{t(`advocacy.onboarding.${s.key}.${p}`)}</li>
                ))}
              </ul>
            </div>
          ))}
          <h3>{t("advocacy.onboarding.handOff.title")}</h3>
          <p>{t("advocacy.onboarding.handOff.text")}</p>
          <p>
            <Link to={escalate}>{t("advocacy.onboarding.handOff.link")}</Link>
          </p>
        </div>
      ) : null}
      {path === "experienced" ? (
        <div>
          <h3>{t("advocacy.onboarding.checklist.title")}</h3>
          <ul>
            {CHECKLIST.map((p) => (
              <li key={p}>
                {p === "p4" ? (
                  <Link to={escalate}>{t(`advocacy.onboarding.checklist.${p}`)}</Link>
                ) : (
                  t(`advocacy.onboarding.checklist.${p}`)
                )}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {path ? (
        <Form method="post" className="row">
          <input type="hidden" name="intent" value="onboarding" />
          <input type="hidden" name="path" value={path} />
          <button type="submit" disabled={pending}>
            {t("advocacy.onboarding.done")}
          </button>
          {completed ? (
            <span className="notice" role="status">
              {t("advocacy.onboarding.completed")}
            </span>
          ) : null}
        </Form>
      ) : null}
    </section>
  );
}
