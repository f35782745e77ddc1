/** The goal agreement mail (emails/goal-agreement.tsx) (English). */
export default {
  agreement: {
    subject_proposed: "Goal agreement {{periodLabel}}: {{actorName}} proposes goals for you",
    subject_commented: "Goal agreement {{periodLabel}}: {{actorName}} commented",
    subject_accepted: "Goal agreement {{periodLabel}}: {{actorName}} accepted",
    body_proposed:
      "{{actorName}} proposes advocacy goals for {{periodLabel}}. Have a look, then accept them or leave a comment.",
    body_commented:
      "{{actorName}} commented on your proposal for {{periodLabel}}. You can revise it and propose it again.",
    body_accepted: "{{actorName}} accepted the goal agreement for {{periodLabel}}. It counts from now on.",
    comment: "Comment:",
    button: "Open the goal agreement",
    why: "You're receiving this email because you are part of this goal agreement.",
  },
};
