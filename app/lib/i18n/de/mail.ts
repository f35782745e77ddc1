import type { Dictionary } from "~/app/lib/i18n/dictionary.ts";
import type en from "~/app/lib/i18n/en/mail.ts";

/** The frame every mail shares (emails/layout.tsx) (German). */
export default {
  buttonFallback:
    "Falls die Schaltfläche nicht funktioniert, kopiere diesen Link in die Adresszeile deines Browsers:",
} satisfies Dictionary<typeof en>;
