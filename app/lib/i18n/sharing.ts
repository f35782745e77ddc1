/** Texts of the sharing pages (en and de, "du" form). */
export const sharing = {
  en: {},
  de: {},
} as const;
