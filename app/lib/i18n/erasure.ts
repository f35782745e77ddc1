/** Texts of the erasure pages (issue 13; en and de, "du" form). */
export const erasure = {
  en: {
    title: "Erase a member",
  },
  de: {
    title: "Mitglied löschen",
  },
} as const;
