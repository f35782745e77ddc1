import { render } from "@react-email/render";
import { createElement, type ReactElement } from "react";
import type { z } from "zod";
import type { Locale } from "~/db/schema.ts";
import * as dataExportReady from "~/emails/data-export-ready.tsx";
import * as escalationReported from "~/emails/escalation-reported.tsx";
import * as goalAgreement from "~/emails/goal-agreement.tsx";
import * as invitation from "~/emails/invitation.tsx";
import * as magicLink from "~/emails/magic-link.tsx";
import * as postDecision from "~/emails/post-decision.tsx";
import * as programmeDigest from "~/emails/programme-digest.tsx";
import * as reviewRequested from "~/emails/review-requested.tsx";
import * as suggestionDecision from "~/emails/suggestion-decision.tsx";
import * as suggestionReceived from "~/emails/suggestion-received.tsx";
import * as weeklyDigest from "~/emails/weekly-digest.tsx";

/** Every template: its props schema (job payloads are validated against it), subject and component. */
export const templates = {
  "magic-link": {
    props: magicLink.MagicLinkProps,
    subject: magicLink.subject,
    element: (locale: Locale, props: magicLink.MagicLinkProps): ReactElement =>
      createElement(magicLink.MagicLinkEmail, { ...props, locale }),
  },
  invitation: {
    props: invitation.InvitationProps,
    subject: invitation.subject,
    element: (locale: Locale, props: invitation.InvitationProps): ReactElement =>
      createElement(invitation.InvitationEmail, { ...props, locale }),
  },
  "review-requested": {
    props: reviewRequested.ReviewRequestedProps,
    subject: reviewRequested.subject,
    element: (locale: Locale, props: reviewRequested.ReviewRequestedProps): ReactElement =>
      createElement(reviewRequested.ReviewRequestedEmail, { ...props, locale }),
  },
  "post-decision": {
    props: postDecision.PostDecisionProps,
    subject: postDecision.subject,
    element: (locale: Locale, props: postDecision.PostDecisionProps): ReactElement =>
      createElement(postDecision.PostDecisionEmail, { ...props, locale }),
  },
  "suggestion-decision": {
    props: suggestionDecision.SuggestionDecisionProps,
    subject: suggestionDecision.subject,
    element: (locale: Locale, props: suggestionDecision.SuggestionDecisionProps): ReactElement =>
      createElement(suggestionDecision.SuggestionDecisionEmail, { ...props, locale }),
  },
  "suggestion-received": {
    props: suggestionReceived.SuggestionReceivedProps,
    subject: suggestionReceived.subject,
    element: (locale: Locale, props: suggestionReceived.SuggestionReceivedProps): ReactElement =>
      createElement(suggestionReceived.SuggestionReceivedEmail, { ...props, locale }),
  },
  "escalation-reported": {
    props: escalationReported.EscalationReportedProps,
    subject: escalationReported.subject,
    element: (locale: Locale, props: escalationReported.EscalationReportedProps): ReactElement =>
      createElement(escalationReported.EscalationReportedEmail, { ...props, locale }),
  },
  "weekly-digest": {
    props: weeklyDigest.WeeklyDigestProps,
    subject: weeklyDigest.subject,
    element: (locale: Locale, props: weeklyDigest.WeeklyDigestProps): ReactElement =>
      createElement(weeklyDigest.WeeklyDigestEmail, { ...props, locale }),
  },
  "programme-digest": {
    props: programmeDigest.ProgrammeDigestProps,
    subject: programmeDigest.subject,
    element: (locale: Locale, props: programmeDigest.ProgrammeDigestProps): ReactElement =>
      createElement(programmeDigest.ProgrammeDigestEmail, { ...props, locale }),
  },
  "goal-agreement": {
    props: goalAgreement.GoalAgreementProps,
    subject: goalAgreement.subject,
    element: (locale: Locale, props: goalAgreement.GoalAgreementProps): ReactElement =>
      createElement(goalAgreement.GoalAgreementEmail, { ...props, locale }),
  },
  "data-export-ready": {
    props: dataExportReady.DataExportReadyProps,
    subject: dataExportReady.subject,
    element: (locale: Locale, props: dataExportReady.DataExportReadyProps): ReactElement =>
      createElement(dataExportReady.DataExportReadyEmail, { ...props, locale }),
  },
} as const;

export type TemplateName = keyof typeof templates;
export type TemplateProps<T extends TemplateName> = z.infer<(typeof templates)[T]["props"]>;

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export async function renderEmail<T extends TemplateName>(
  template: T,
  locale: Locale,
  props: TemplateProps<T>,
): Promise<RenderedEmail> {
  // The map is keyed by T, but TypeScript cannot correlate the entry with props of the same T.
  const entry = templates[template] as unknown as {
    subject: (l: Locale, p: TemplateProps<T>) => string;
    element: (l: Locale, p: TemplateProps<T>) => ReactElement;
  };
  const element = entry.element(locale, props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: entry.subject(locale, props), html, text };
}
