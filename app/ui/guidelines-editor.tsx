import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Form } from "react-router";
import { MAX_GUIDELINES_LENGTH } from "~/app/modules/advocacy/schemas.ts";
import { Markdown } from "~/app/ui/markdown.tsx";

type Lang = "de" | "en";
const FIELD = { de: "bodyDe", en: "bodyEn" } as const;

/** Both languages side by side with a live preview built by the same safe renderer readers get. */
export function GuidelinesEditor({
  initial,
  errors,
  pending,
}: {
  initial: Record<Lang, string>;
  errors: Partial<Record<"bodyDe" | "bodyEn" | "form", string[]>> | undefined;
  pending: boolean;
}) {
  const { t } = useTranslation();
  const [bodies, setBodies] = useState(initial);
  return (
    <Form method="post" className="card stack" aria-labelledby="edit-h">
      <h2 id="edit-h">{t("advocacy.admin.edit")}</h2>
      <p className="hint" id="syntax-hint">
        {t("advocacy.admin.syntax")}
      </p>
      <input type="hidden" name="intent" value="publish" />
      {(["de", "en"] as const).map((lang) => {
        const name = FIELD[lang];
        const fieldErrors = errors?.[name];
        return (
          <div key={lang} className="stack">
            <label htmlFor={name}>
              {t(`advocacy.admin.${name}`)}
              <textarea
                id={name}
                name={name}
                lang={lang}
                rows={12}
                maxLength={MAX_GUIDELINES_LENGTH}
                value={bodies[lang]}
                onChange={(e) => setBodies((b) => ({ ...b, [lang]: e.target.value }))}
                aria-describedby={fieldErrors ? `syntax-hint ${name}-error` : "syntax-hint"}
                aria-invalid={fieldErrors ? true : undefined}
              />
              {fieldErrors ? (
                <span id={`${name}-error`} className="field-error">
                  {fieldErrors.map((e) => t(`validation.${e}`, { defaultValue: e })).join(" ")}
                </span>
              ) : null}
            </label>
            <div aria-live="polite" lang={lang}>
              <h3 className="hint">
                {t("advocacy.admin.preview")} ({t(`languages.${lang}`)})
              </h3>
              {bodies[lang].trim() ? (
                <Markdown source={bodies[lang]} className="card" />
              ) : (
                <p className="hint">{t("advocacy.admin.previewEmpty")}</p>
              )}
            </div>
          </div>
        );
      })}
      <div className="row">
        <button type="submit" disabled={pending}>
          {t("advocacy.admin.publish")}
        </button>
      </div>
    </Form>
  );
}
