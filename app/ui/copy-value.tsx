import { useState } from "react";

/**
 * A value to copy into another system (a redirect URI, a DNS record): shown read-only and selectable
 * (works without JavaScript and without clipboard access), with a button that copies it and says so
 * to screen readers.
 */
export function CopyValue({
  id,
  label,
  value,
  hint,
  copyText,
  copiedText,
}: {
  id: string;
  label: string;
  value: string;
  hint?: string | undefined;
  /** the button's words before and after copying, from the page's namespace */
  copyText: string;
  copiedText: string;
}) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // no clipboard permission: the field stays selectable
      document.getElementById(id)?.focus();
    }
  };
  return (
    <div className="stack stack-sm">
      <label htmlFor={id}>
        {label}
        {hint ? (
          <span id={`${id}-hint`} className="hint">
            {hint}
          </span>
        ) : null}
      </label>
      <div className="row">
        <input
          id={id}
          readOnly
          value={value}
          className="copy-value"
          aria-describedby={hint ? `${id}-hint` : undefined}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" className="secondary" onClick={() => void copy()} aria-describedby={id}>
          {copied ? copiedText : copyText}
        </button>
      </div>
      <span className="visually-hidden" role="status">
        {copied ? copiedText : ""}
      </span>
    </div>
  );
}
