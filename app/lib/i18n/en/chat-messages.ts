/** Texts inside Teams cards and Slack messages (issue 17): never anyone's figures (English). */
export default {
  post: {},
  digest: {},
  test: {},
  command: {},
};
