import { useTranslation } from "react-i18next";
import { Link } from "react-router";

/** The hub card's way into sharing: a link (works without JavaScript) to the post's share page. */
export function ShareButton({
  tenantSlug,
  postId,
  title,
}: {
  tenantSlug: string;
  postId: string;
  title: string;
}) {
  const { t } = useTranslation();
  return (
    <Link
      to={`/t/${tenantSlug}/hub/${postId}/share`}
      className="button"
      aria-label={t("sharing.buttonLabel", { title })}
    >
      {t("sharing.button")}
    </Link>
  );
}
