/** Texts of the escalations pages (en and de, "du" form). */
export const escalations = {
  en: {},
  de: {},
} as const;
