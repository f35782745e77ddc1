/** The data export mail (emails/data-export-ready.tsx) (English). */
export default {
  exportReady: {
    subject: "Your data at {{tenantName}} is ready to download",
    heading: "Your data is ready",
    body: "You asked for a copy of everything Chorus holds about you at {{tenantName}}. It is ready for you as a JSON file.",
    expires: "The link works until {{when}} and only while you are signed in. After that we delete the file.",
    page: "A readable summary and all your downloads are under “My data”:",
    button: "Download the JSON file",
    why: "You're receiving this email because you asked for your data (GDPR Art. 15 and 20). If that wasn't you, tell your admin.",
  },
};
