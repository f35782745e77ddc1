/** Texts of the analytics, my impact and reach settings pages (en and de, "du" form). */
export const reach = {
  en: {},
  de: {},
};
