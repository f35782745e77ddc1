/** Texts inside Teams cards and Slack messages (issue 17): never anyone's figures (German). */
export default {
  post: {},
  digest: {},
  test: {},
  command: {},
};
