/** Texts of the advocacy pages (en and de, "du" form). */
export const advocacy = {
  en: {},
  de: {},
} as const;
