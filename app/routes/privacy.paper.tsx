import { useTranslation } from "react-i18next";
import type { Route } from "./+types/privacy.paper";
import { requireMember } from "~/modules/auth/require.server";

// Scaffolding for issue 13: replaced by the page itself.
export async function loader({ request, params }: Route.LoaderArgs) {
  await requireMember(request, params, "tenant.view");
  return null;
}

export default function Page() {
  const { t } = useTranslation();
  return <h1>{t("dataMap.title")}</h1>;
}
