/** The mail of a reported discussion (emails/escalation-reported.tsx) (English). */
export default {
  reported: {
    subject: "Escalation: {{reporterName}} flagged a discussion",
    preview: "{{reporterName}} asks the comms team to take over a discussion.",
    heading: "A discussion needs you",
    body: "{{reporterName}} flagged a discussion about the company at {{tenantName}}:",
    note: "What is happening:",
    advice:
      "The reporter has been asked not to engage any further. Please take over and mark the report handled afterwards.",
    button: "Open escalations",
    why: "You're receiving this email because you handle escalations at {{tenantName}}.",
  },
};
