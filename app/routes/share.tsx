import { useForm, type SubmissionResult } from "@conform-to/react";
import { z } from "zod";
import { parseWithZod } from "@conform-to/zod/v4";
import { useState, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { data, Form, Link, useNavigation } from "react-router";
import type { Route } from "./+types/share";
import { useTenantData } from "~/app/routes/tenant.tsx";
import { withTenant } from "~/db/tenant.ts";
import { LOCALES, NETWORKS, type Locale, type Network } from "~/db/schema.ts";
import { toResponse, ValidationError } from "~/app/lib/errors.ts";
import { domainFormErrors } from "~/app/lib/domain-form-errors.server.ts";
import { resolveLocale } from "~/app/lib/i18n/resolve-locale.server.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { labelFor as resolveLabel, marksAdvertising, swapLabel } from "~/app/modules/sharing/disclosure.ts";
import { textWithLink } from "~/app/modules/sharing/intent-url.ts";
import { createShare } from "~/app/modules/sharing/create-share.server.ts";
import { noteMemberIp } from "~/app/modules/tracking/member-ip.server.ts";
import { LinkedInError } from "~/app/modules/profiles/linkedin-config.server.ts";
import { loadSharePage } from "~/app/modules/sharing/share-page.server.ts";
import { normaliseShareText, ShareInput, SIMILAR_SHARE_NUDGE } from "~/app/modules/sharing/schemas.ts";
import { hasShareSheet, ShareResult, type ShareOutcome } from "~/app/ui/share-result.tsx";
import { useCaptionLength } from "~/app/ui/use-caption-length.ts";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = {
  i18n: ["content", "profiles", "sharing"],
  title: "titles.share",
} satisfies I18nHandle;

/**
 * The form as posted: "Share via…" (the device's share sheet) sends no channel — recorded as
 * "intent" like the network's page — and via=sheet, so the result opens the sheet.
 */
const ShareActionInput = ShareInput.extend({ via: z.literal("sheet").optional().catch(undefined) });

const NetworkParam = ShareInput.shape.network.optional().catch(undefined);
/** `?caption=` from a Teams card or a Slack message: a malformed id is ignored like an unknown one. */
const CaptionParam = z.uuid().optional().catch(undefined);

function rethrowAsResponse(error: unknown): never {
  throw toResponse(error) ?? error;
}

/** A post id that is not a uuid names no post: 404, not a database error. */
function postIdOf(params: { postId: string }): string {
  if (!z.uuid().safeParse(params.postId).success)
    throw new Response("not_found", { status: 404, statusText: "Not Found" });
  return params.postId;
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member, tenant, session } = await requireMember(request, params, "content.view");
  const postId = postIdOf(params);
  const query = new URL(request.url).searchParams;
  const network = NetworkParam.parse(query.get("network") ?? undefined);
  const captionId = CaptionParam.parse(query.get("caption") ?? undefined);
  const locale = resolveLocale(request, {
    signedIn: true,
    userLocale: session.user.locale,
    tenantLocale: tenant.defaultLocale,
  });
  return withTenant(db, member.tenantId, (tx) =>
    loadSharePage(tx, member, postId, { network, captionId, locale }),
  ).catch(rethrowAsResponse);
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { db, member } = await requireMember(request, params, "content.view");
  const postId = postIdOf(params);
  const submission = parseWithZod(await request.formData(), { schema: ShareActionInput });
  if (submission.status !== "success")
    return data({ result: submission.reply(), outcome: null }, { status: 400 });
  const { via, ...input } = submission.value;
  try {
    const share = await withTenant(db, member.tenantId, (tx) =>
      createShare(tx, member, { postId, ...input }),
    );
    // clicks from where the share was made never earn click credit (issue 11); not awaited. Only
    // now: a share needs the current consent, which describes this record.
    noteMemberIp(member.userId, context.ip);
    const outcome: ShareOutcome = {
      shareId: share.shareId,
      network: input.network,
      channel: input.channel,
      target: share.target,
      trackedUrl: share.trackedUrl,
      copyText: share.copyText,
      postUrn: share.postUrn,
      text: input.text.trim(),
      sheet: via === "sheet" && input.channel === "intent",
    };
    return { result: submission.reply(), outcome };
  } catch (error) {
    // Invalid input, or LinkedIn refused (expired connection, text it will not take): keep the text, say why.
    if (error instanceof ValidationError || error instanceof LinkedInError)
      return data(
        { result: submission.reply(domainFormErrors(error)), outcome: null },
        { status: error.status },
      );
    // Not in the programme (403), post gone (404): the error boundary explains.
    rethrowAsResponse(error);
  }
}

export default function Share({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { tenant } = useTenantData();
  const page = loaderData;
  const base = `/t/${tenant.slug}`;
  if (page.gate !== null) {
    return (
      <>
        <h1>{t("sharing.title", { title: page.post.title })}</h1>
        <section className="card stack" aria-labelledby="gate-h">
          <h2 id="gate-h">{t("sharing.gate.title")}</h2>
          <p>{t(`sharing.gate.${page.gate}`)}</p>
          <p className="cluster">
            {page.gate === "not_opted_in" ? (
              <Link className="button" to={`${base}/advocacy`}>
                {t("sharing.gate.join")}
              </Link>
            ) : null}
            {page.gate === "consent_outdated" ? (
              <Link className="button" to={`${base}/advocacy#reconsent-h`}>
                {t("sharing.gate.confirmConsent")}
              </Link>
            ) : null}
            <Link
              className={page.gate === "guidelines_pending" ? "button" : "button secondary"}
              to={`${base}/guidelines`}
            >
              {t("sharing.gate.guidelines")}
            </Link>
          </p>
        </section>
        <Link className="tap-link" to={`${base}/hub`}>
          {t("sharing.back")}
        </Link>
      </>
    );
  }
  return (
    <>
      <h1>{t("sharing.title", { title: page.post.title })}</h1>
      <p>{t("sharing.lead")}</p>
      {actionData?.outcome ? (
        <ShareResult
          key={actionData.outcome.shareId}
          outcome={actionData.outcome}
          tenantSlug={tenant.slug}
          postId={page.post.id}
        />
      ) : null}
      <ShareForm page={page} lastResult={actionData?.result} />
      <Link className="tap-link" to={`${base}/hub`}>
        {t("sharing.back")}
      </Link>
    </>
  );
}

/** navigator.share does not come and go: nothing to subscribe to. */
const noSubscription = () => () => {};

type LoadedPage = Extract<Route.ComponentProps["loaderData"], { gate: null }>;

function ShareForm({
  page,
  lastResult,
}: {
  page: LoadedPage;
  lastResult: SubmissionResult<string[]> | null | undefined;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  // the device's share sheet (Web Share API): offered only where the browser has one, after hydration
  const canShareSheet = useSyncExternalStore(noSubscription, hasShareSheet, () => false);
  const [network, setNetwork] = useState<Network>(page.network);
  const captionsFor = (n: Network) => page.captions.filter((c) => c.network === n);
  // the caption a link asked for (a Teams card, a Slack message), else the network's first
  const initial = page.captions.find((c) => c.id === page.captionId) ?? captionsFor(page.network)[0];
  const [captionId, setCaptionId] = useState<string>(initial?.id ?? "");
  const [ownLanguage, setOwnLanguage] = useState<Locale>(page.language);
  // the label of the network and language: a caption's language decides, own words the chosen one
  const labelFor = (n: Network, id: string, own: Locale) =>
    resolveLabel(page.disclosures, page.captions, n, id, own);
  const [text, setText] = useState<string>(
    initial?.text ?? page.disclosures[page.network][page.language] ?? "",
  );
  // the label the page put into the text (a caption comes with its own): a switch replaces it
  const [inserted, setInserted] = useState<string | null>(
    labelFor(page.network, initial?.id ?? "", page.language),
  );
  function putLabel(next: string | null) {
    setText(swapLabel(text, inserted, next));
    setInserted(next);
  }
  const [form, fields] = useForm<z.input<typeof ShareInput>>({
    id: "share",
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ShareInput }),
  });
  const captions = captionsFor(network);
  const networkName = t(`content.networks.${network}`);

  function pickNetwork(n: Network) {
    setNetwork(n);
    const first = captionsFor(n)[0];
    // Keep what the person wrote themselves; replace only an untouched caption.
    const untouched =
      captionId === "" ? false : page.captions.some((c) => c.id === captionId && c.text === text);
    setCaptionId(first?.id ?? "");
    if (first && (untouched || text.trim() === "")) {
      setText(first.text);
      setInserted(labelFor(n, first.id, ownLanguage));
    }
    // own words (or no caption here): the new network's label replaces the one put in before
    else putLabel(labelFor(n, first?.id ?? "", ownLanguage));
  }
  function pickCaption(id: string) {
    setCaptionId(id);
    const caption = page.captions.find((c) => c.id === id);
    if (caption) {
      setText(caption.text);
      setInserted(labelFor(network, id, ownLanguage));
    } else putLabel(labelFor(network, "", ownLanguage));
  }
  function pickOwnLanguage(language: Locale) {
    setOwnLanguage(language);
    putLabel(labelFor(network, "", language));
  }

  const length = useCaptionLength(network, textWithLink(text, page.sampleLink), page.xLengths);
  const selected = page.captions.find((c) => c.id === captionId);
  const language = selected?.language ?? ownLanguage;
  const label = page.disclosures[network][language];
  const similar =
    selected && normaliseShareText(selected.text) === normaliseShareText(text) ? selected.similar : 0;
  const pending = navigation.state === "submitting";
  // LinkedIn's own refusals are worded in the profiles texts; everything else in the sharing texts.
  const errorText = (code: string) =>
    code.startsWith("linkedin_") && code !== "linkedin_not_connected"
      ? t(`profiles.linkedin.errors.${code}`, { defaultValue: t("sharing.errors.generic") })
      : t([`sharing.errors.${code}`, `validation.${code}`], {
          defaultValue: t("sharing.errors.generic"),
          disclosure: label ?? "",
          network: networkName,
        });
  const textErrors = fields.text.errors ?? [];

  return (
    <Form method="post" className="card stack" id={form.id} onSubmit={form.onSubmit} noValidate>
      {form.errors?.length ? (
        <p className="alert" role="alert">
          {form.errors.map(errorText).join(" ")}
        </p>
      ) : null}
      <fieldset>
        <legend>{t("sharing.network")}</legend>
        <div className="row">
          {NETWORKS.map((n) => (
            <label key={n}>
              <input
                type="radio"
                name={fields.network.name}
                value={n}
                checked={network === n}
                onChange={() => pickNetwork(n)}
              />
              {t(`content.networks.${n}`)}
            </label>
          ))}
          <noscript>
            <button type="submit" formMethod="get" className="secondary">
              {t("sharing.showCaptions")}
            </button>
          </noscript>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t("sharing.caption")}</legend>
        {captions.length === 0 ? <p className="hint">{t("sharing.noCaptions")}</p> : null}
        <div className="stack stack-sm">
          {captions.map((c, i) => (
            <label key={c.id} className="share-choice">
              <input
                type="radio"
                name={fields.captionId.name}
                value={c.id}
                checked={captionId === c.id}
                onChange={() => pickCaption(c.id)}
              />
              <span>
                <strong>{t("sharing.variant", { n: i + 1 })}</strong>{" "}
                <span className="hint">({t(`content.languages.${c.language}`)})</span>
                <span lang={c.language} className="share-caption-text">
                  {c.text}
                </span>
              </span>
            </label>
          ))}
          <label>
            <input
              type="radio"
              name={fields.captionId.name}
              value=""
              checked={captionId === ""}
              onChange={() => pickCaption("")}
            />
            {t("sharing.ownWords")}
          </label>
          {captionId === "" ? (
            <label htmlFor="share-language">
              {t("sharing.ownLanguage")}
              <select
                id="share-language"
                value={ownLanguage}
                onChange={(e) => pickOwnLanguage(e.target.value as Locale)}
                className="input-short"
              >
                {LOCALES.map((l) => (
                  <option key={l} value={l}>
                    {t(`content.languages.${l}`)}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
        </div>
      </fieldset>
      <input type="hidden" name="language" value={language} />
      <label htmlFor={fields.text.id}>
        {t("sharing.text")}
        <span id="share-text-hint" className="hint">
          {t("sharing.textHint")} {label ? t("sharing.disclosureHint", { disclosure: label }) : null}
        </span>
        <textarea
          id={fields.text.id}
          name={fields.text.name}
          rows={8}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={textErrors.length > 0 || !length.ok || undefined}
          aria-describedby={`share-text-hint share-length${textErrors.length ? ` ${fields.text.errorId}` : ""}`}
        />
        {textErrors.length ? (
          <span id={fields.text.errorId} className="field-error">
            {textErrors.map(errorText).join(" ")}
          </span>
        ) : null}
      </label>
      {label ? (
        <details data-testid="disclosure-why">
          <summary>{t("sharing.disclosureWhy")}</summary>
          <p className="hint">{t("sharing.disclosureLaw")}</p>
          {page.incentivised ? (
            <p className="hint">
              {t(
                marksAdvertising(label)
                  ? "sharing.disclosureIncentivised"
                  : "sharing.disclosureIncentivisedUnmarked",
              )}
            </p>
          ) : null}
        </details>
      ) : null}
      <p id="share-length" className={length.ok ? "hint" : "field-error"} aria-live="polite">
        {t(length.ok ? "sharing.length" : "sharing.lengthOver", {
          length: length.length,
          limit: length.limit,
          network: networkName,
        })}
      </p>
      {similar >= SIMILAR_SHARE_NUDGE ? (
        <p className="alert" role="status">
          {t("sharing.nudge", { count: similar })}
        </p>
      ) : null}
      {network === "mastodon" && !page.hasMastodonInstance ? (
        <p className="hint">{t("sharing.mastodonMissing")}</p>
      ) : null}
      <div className="cluster share-actions">
        {canShareSheet ? (
          // no channel field: ShareInput's default, "intent"
          <button type="submit" name="via" value="sheet" disabled={pending}>
            {t("sharing.shareVia")}
          </button>
        ) : null}
        <button
          type="submit"
          name="channel"
          value="intent"
          className={canShareSheet ? "secondary" : undefined}
          disabled={pending}
        >
          {t("sharing.shareOn", { network: networkName })}
        </button>
        <button type="submit" name="channel" value="copy" className="secondary" disabled={pending}>
          {t("sharing.copy")}
        </button>
        {network === "linkedin" && page.linkedInConnected ? (
          <button type="submit" name="channel" value="api" className="secondary" disabled={pending}>
            {t("sharing.postLinkedIn")}
          </button>
        ) : null}
      </div>
    </Form>
  );
}
