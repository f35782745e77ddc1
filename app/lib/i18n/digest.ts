/** Texts of the weekly digest, provider metrics and background jobs pages (en and de, "du" form). */
export const digest = {
  en: {},
  de: {},
};
