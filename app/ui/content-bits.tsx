import { useTranslation } from "react-i18next";
import type { PostStatus } from "~/db/schema.ts";

/** Small pieces shared by the content pages. */

export function StatusBadge({ status }: { status: PostStatus }) {
  const { t } = useTranslation();
  return <span className={`badge status-${status}`}>{t(`content.status.${status}`)}</span>;
}

/** Translates an error key from a content schema (validation.*) or a content use case (content.errors.*). */
export function useContentErrorText() {
  const { t } = useTranslation();
  return (key: string) =>
    t([`validation.${key}`, `content.errors.${key}`], { defaultValue: t("content.errors.generic") });
}

export function ContentErrors({ id, errors }: { id?: string; errors: readonly string[] | undefined }) {
  const text = useContentErrorText();
  if (!errors?.length) return null;
  return (
    <span id={id} className="field-error">
      {errors.map(text).join(" ")}
    </span>
  );
}

/** Dates in the tenant's time zone and the reader's language (the same on server and client). */
export function useFormatDate(timeZone: string) {
  const { i18n } = useTranslation();
  const fmt = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short", timeZone });
  return (d: Date | string | null | undefined) => (d ? fmt.format(new Date(d)) : "");
}
