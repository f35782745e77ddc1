import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: [], title: "titles.notFound" } satisfies I18nHandle;
export function loader() {
  throw new Response("not_found", { status: 404, statusText: "Not Found" });
}

export default function NotFound() {
  return null;
}
