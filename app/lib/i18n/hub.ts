/** Texts of the hub pages (en and de, "du" form). */
export const hub = {
  en: {},
  de: {},
} as const;
