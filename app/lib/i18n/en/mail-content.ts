/** Mails of the content workflow and suggestions (emails/review-requested.tsx, post-decision.tsx, suggestion-decision.tsx, suggestion-received.tsx) (English). */
export default {
  reviewRequested: {
    subject: "New post to review: {{postTitle}}",
    preview: '{{authorName}} would like you to review "{{postTitle}}".',
    heading: "New post to review",
    body: "{{authorName}} submitted a post for review at {{tenantName}}:",
    note: "Employees only see it once it has been approved. You can approve it or reject it with a reason.",
    button: "Review post",
    why: "You're receiving this email because you approve content at {{tenantName}}.",
  },
  postDecision: {
    subject_approved: "Your post was approved: {{postTitle}}",
    subject_rejected: "Your post was rejected: {{postTitle}}",
    heading_approved: "Your post was approved",
    heading_rejected: "Your post was rejected",
    body_approved:
      "{{deciderName}} approved your post. It will be published to employees at its scheduled time.",
    body_rejected:
      "{{deciderName}} rejected your post. It is a draft again: you can revise it and submit it once more.",
    reason: "Reason:",
    button: "View post",
    why: "You're receiving this email because you wrote this post.",
  },
  suggestionDecision: {
    subject_accepted: "Your suggestion is becoming a post",
    subject_declined: "Your suggestion was declined",
    heading_accepted: "Thanks for your suggestion!",
    heading_declined: "About your suggestion",
    intro: "You suggested this link:",
    body_accepted:
      "The comms team is turning it into a post, with you credited as its source. Once it is approved, everyone can share it.",
    body_declined:
      "The comms team decided not to use it this time. Thanks for thinking along – keep the suggestions coming.",
    reason: "Reason:",
    button: "View your suggestions",
    why: "You're receiving this email because you suggested this content.",
  },
  suggestionReceived: {
    subject: "New suggestion from {{suggesterName}}",
    preview: "{{suggesterName}} suggests something to share.",
    heading: "New suggestion",
    body: "{{suggesterName}} suggested this link for sharing at {{tenantName}}:",
    reason: "Why it is worth sharing:",
    note: "You can turn it into a post or decline it with a reason.",
    button: "View suggestions",
    why: "You're receiving this email because you review suggestions at {{tenantName}}.",
  },
};
