import type { FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import type { Role } from "~/db/schema.ts";
import { SelectField, TextField } from "~/app/ui/field.tsx";
import { ErrorNotice, useErrorText as useAreaErrorText } from "~/app/ui/error-notice.tsx";

/** Translates an error key from a shared schema (validation.*), an admin page (admin.errors.*) or an error code. */
export function useErrorText() {
  return useAreaErrorText("admin");
}

/** Errors for the whole form (e.g. "last admin"), announced to screen readers. */
export function FormErrors({ errors }: { errors: string[] | undefined }) {
  return <ErrorNotice area="admin" errors={errors} />;
}

/** An input whose errors may also be admin use-case keys (admin.errors.*). */
export function Input(props: {
  field: FieldMetadata<string>;
  label: string;
  type?: "text" | "email";
  hint?: string;
  autoComplete?: string;
}) {
  return <TextField {...props} errorText={useErrorText()} />;
}

export function Select(props: {
  field: FieldMetadata<string | null | undefined>;
  label: string;
  options: { value: string; label: string }[];
  hint?: string;
}) {
  return <SelectField {...props} errorText={useErrorText()} />;
}

const ALL_ROLES: readonly Role[] = ["employee", "manager", "comms_lead", "admin"];

/** Role checkboxes as a fieldset: the legend names the group, the error belongs to the group. */
export function RoleCheckboxes({
  field,
  legend,
  defaultRoles,
}: {
  field: FieldMetadata<Role[] | undefined>;
  legend: string;
  defaultRoles: readonly Role[];
}) {
  const { t } = useTranslation();
  const errorId = field.errorId;
  return (
    <fieldset
      aria-describedby={field.errors?.length ? errorId : undefined}
      aria-invalid={field.errors?.length ? true : undefined}
    >
      <legend>{legend}</legend>
      <div className="row">
        {ALL_ROLES.map((role) => (
          <label key={role}>
            <input
              type="checkbox"
              name={field.name}
              value={role}
              defaultChecked={defaultRoles.includes(role)}
            />
            {t(`roles.${role}`)}
          </label>
        ))}
      </div>
      <ErrorNotice area="admin" inline id={errorId} errors={field.errors} />
    </fieldset>
  );
}

export function RoleBadges({ roles }: { roles: readonly Role[] }) {
  const { t } = useTranslation();
  return (
    <span className="cluster badges">
      {roles.map((r) => (
        <span key={r} className="badge">
          {t(`roles.${r}`)}
        </span>
      ))}
    </span>
  );
}
