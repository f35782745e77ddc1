/**
 * The Referrer-Policy of the pages that hold a secret in their URL or serve a sign-in form (sign-in,
 * the link's confirmation page, joining by invitation). `strict-origin`: no Referer ever carries more
 * than our origin, so the token in `?token=` cannot leave in one — the same protection for the token
 * as `no-referrer`. Not `no-referrer` itself: under it browsers send `Origin: null` with the page's
 * own form post, which the CSRF check (app/lib/csrf.server.ts) can tell from a foreign post only by
 * Sec-Fetch-Site, and Safari before 16.4 (old iPhones) does not send that: people could neither ask
 * for a link nor redeem one.
 */
export const TOKEN_PAGE_REFERRER_POLICY = "strict-origin";
