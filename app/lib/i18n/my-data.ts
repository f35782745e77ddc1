/** Texts of the myData pages (issue 13; en and de, "du" form). */
export const myData = {
  en: {
    title: "My data",
  },
  de: {
    title: "Meine Daten",
  },
} as const;
