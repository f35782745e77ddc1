/** Texts of the retention pages (issue 13; en and de, "du" form). */
export const retention = {
  en: {
    title: "Privacy and retention",
  },
  de: {
    title: "Datenschutz und Aufbewahrung",
  },
} as const;
