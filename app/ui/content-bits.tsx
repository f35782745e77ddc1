import { useTranslation } from "react-i18next";
import type { PostStatus } from "~/db/schema.ts";
import { dateTimeFormat } from "~/app/lib/intl.ts";

/** Small pieces shared by the content pages. */

export function StatusBadge({ status }: { status: PostStatus }) {
  const { t } = useTranslation();
  return <span className={`badge status-${status}`}>{t(`content.status.${status}`)}</span>;
}

/** Dates in the tenant's time zone and the reader's language (the same on server and client). */
export function useFormatDate(timeZone: string) {
  const { i18n } = useTranslation();
  const fmt = dateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short", timeZone });
  return (d: Date | string | null | undefined) => (d ? fmt.format(new Date(d)) : "");
}
