/** Texts of the billing page (en and de, "du" form). */
export const billing = {
  en: {},
  de: {},
};
