import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Network } from "~/db/schema.ts";
import type { ShareTarget } from "~/app/modules/sharing/intent-url.ts";
import type { ShareChannel } from "~/app/modules/sharing/schemas.ts";

export interface ShareOutcome {
  shareId: string;
  network: Network;
  channel: ShareChannel;
  target: ShareTarget;
  trackedUrl: string | null;
  copyText: string;
  postUrn?: string | undefined;
  /** the text as recorded, without the link: the share sheet gets it and the link apart */
  text: string;
  /** the person chose "Share via…": hand it to the device's share sheet (Web Share API) */
  sheet: boolean;
}

/** What navigator.share gets: the text and the tracked link apart (apps join them; the link once). */
export function sheetData(outcome: Pick<ShareOutcome, "text" | "trackedUrl">): ShareData {
  return outcome.trackedUrl ? { text: outcome.text, url: outcome.trackedUrl } : { text: outcome.text };
}

/** Whether this browser has a share sheet (phones, some desktops): decided after hydration. */
export function hasShareSheet(): boolean {
  return typeof navigator !== "undefined" && typeof navigator.share === "function";
}

type SheetState = "idle" | "shared" | "cancelled" | "needs-tap" | "failed";

/** Puts text on the clipboard; false when the browser refuses (insecure origin, denied permission). */
async function writeClipboard(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

function selectContents(el: HTMLElement | null) {
  const selection = window.getSelection();
  if (!el || !selection) return;
  const range = document.createRange();
  range.selectNodeContents(el);
  selection.removeAllRanges();
  selection.addRange(range);
}

/**
 * What happens after a share was recorded: copy the text (copy, or networks that take only the
 * link), open the network's page in a new tab — and always a link to open it by hand, because
 * popup blockers stop a tab opened after a round trip, and without JavaScript nothing opens at all.
 */
export function ShareResult({
  outcome,
  tenantSlug,
  postId,
}: {
  outcome: ShareOutcome;
  tenantSlug: string;
  postId: string;
}) {
  const { t } = useTranslation();
  const network = t(`content.networks.${outcome.network}`);
  const textRef = useRef<HTMLPreElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");
  const [sheetState, setSheetState] = useState<SheetState>("idle");
  const { target, channel } = outcome;
  // the share sheet replaces the network's page and the clipboard (both stay as fallbacks below)
  const sheet = outcome.sheet && channel === "intent";
  const openUrl = channel !== "api" && target.kind !== "copy-only" && channel !== "copy" ? target.url : null;
  const needsCopy = channel === "copy" || target.kind === "copy-then-open" || target.kind === "copy-only";

  /**
   * Opens the device's share sheet. The share is recorded already (like a network's page that is
   * closed without posting, a closed sheet leaves it recorded and self-reported: nothing tells us
   * what the person did in the other app). The tap's user activation may have run out during the
   * round trip: the browser then refuses (NotAllowedError) and one more tap on a button opens it.
   */
  async function openSheet() {
    if (!hasShareSheet()) {
      setSheetState("failed");
      return;
    }
    try {
      await navigator.share(sheetData(outcome));
      setSheetState("shared");
    } catch (error) {
      const name = error instanceof Error ? error.name : "";
      setSheetState(
        name === "AbortError" ? "cancelled" : name === "NotAllowedError" ? "needs-tap" : "failed",
      );
    }
  }

  async function copyNow() {
    const ok = await writeClipboard(outcome.copyText);
    setCopy(ok ? "copied" : "failed");
    if (!ok) selectContents(textRef.current);
  }

  useEffect(() => {
    headingRef.current?.focus();
    void (async () => {
      if (sheet) return openSheet();
      if (needsCopy && channel !== "api") await copyNow();
      if (openUrl) window.open(openUrl, "_blank", "noopener,noreferrer");
    })();
    // once per recorded share
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [outcome.shareId]);

  return (
    <section className="card stack" aria-labelledby="share-result-h">
      <h2 id="share-result-h" ref={headingRef} tabIndex={-1}>
        {t("sharing.result.title")}
      </h2>
      {channel === "api" ? (
        <p className="notice" role="status">
          {t("sharing.result.posted")}
        </p>
      ) : null}
      {sheet ? (
        <div className="stack stack-sm" data-testid="share-sheet">
          <p role="status" className={sheetState === "shared" ? "notice" : undefined}>
            {sheetState === "idle" ? t("sharing.sheet.opening") : t(`sharing.sheet.${sheetState}`)}
          </p>
          {sheetState !== "shared" ? (
            <p>
              <button type="button" onClick={() => void openSheet()}>
                {t("sharing.sheet.open")}
              </button>
            </p>
          ) : null}
        </div>
      ) : null}
      {openUrl && !sheet ? (
        <p>
          {target.kind === "copy-then-open"
            ? t("sharing.result.pasteHint", { network })
            : t("sharing.result.intent", { network })}
        </p>
      ) : null}
      {target.kind === "copy-only" && channel !== "api" ? (
        <p>
          {t("sharing.mastodonMissing")}{" "}
          <Link to={`/t/${tenantSlug}/profiles`}>{t("sharing.myNetworks")}</Link>
        </p>
      ) : null}
      {openUrl ? (
        <p>
          <a
            className={sheet ? "button secondary" : "button"}
            href={openUrl}
            target="_blank"
            rel="noopener noreferrer"
            data-testid="share-target"
          >
            {t("sharing.result.open", { network })}
          </a>
        </p>
      ) : null}
      {channel !== "api" ? (
        <div className="stack stack-sm">
          <span className="hint" id="share-copy-label">
            {t("sharing.result.textToPaste")}
          </span>
          <pre ref={textRef} aria-labelledby="share-copy-label" className="share-text">
            {outcome.copyText}
          </pre>
          <div className="row">
            <button type="button" className="secondary" onClick={() => void copyNow()}>
              {t("sharing.result.copyAgain")}
            </button>
            <span role="status" className={copy === "failed" ? "field-error" : "hint"}>
              {copy === "copied"
                ? t("sharing.result.copied", { network })
                : copy === "failed"
                  ? t("sharing.result.copyFailed")
                  : ""}
            </span>
          </div>
        </div>
      ) : null}
      {outcome.trackedUrl ? (
        <p className="hint">
          {t("sharing.result.trackedLink")}: <code className="break-all">{outcome.trackedUrl}</code>
        </p>
      ) : null}
      <p className="cluster">
        <Link className="button secondary" to={`/t/${tenantSlug}/hub/${postId}/share`} reloadDocument>
          {t("sharing.result.another")}
        </Link>
        <Link className="button secondary" to={`/t/${tenantSlug}/shares`}>
          {t("sharing.result.myShares")}
        </Link>
      </p>
    </section>
  );
}
