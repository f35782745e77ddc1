/** Texts of the dataMap pages (issue 13; en and de, "du" form). */
export const dataMap = {
  en: {
    title: "Privacy and works council",
  },
  de: {
    title: "Datenschutz und Betriebsrat",
  },
} as const;
