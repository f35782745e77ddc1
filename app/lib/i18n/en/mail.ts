/** The frame every mail shares (emails/layout.tsx) (English). */
export default {
  buttonFallback: "If the button doesn't work, copy this link into your browser's address bar:",
};
