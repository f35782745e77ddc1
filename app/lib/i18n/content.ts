/** Texts of the content pages (en and de, "du" form). */
export const content = {
  en: {},
  de: {},
} as const;
