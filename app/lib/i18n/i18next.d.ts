import type { en } from "~/app/lib/i18n/resources.ts";

/**
 * Typed keys: t() accepts only keys of the English dictionaries, so a missing or misspelt key is a type
 * error, and a template key must be a union of literals (`content.status.${PostStatus}`).
 * The types see one tree, common's keys at the top and every other namespace under its name, which is
 * exactly how keys are written (t("nav.main"), t("content.status.draft")); at runtime i18next takes the
 * first part as the namespace when it is one (app/lib/i18n/instance.ts).
 */
type Keys = (typeof en)["common"] & Omit<typeof en, "common">;

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "common";
    resources: { common: Keys };
    nsSeparator: false;
  }
}
