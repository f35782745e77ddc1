/** What server.ts hands every loader and action besides the Request. */
declare module "react-router" {
  interface AppLoadContext {
    /** the client's address for rate limits and visitor hashes (proxy headers only when TRUST_PROXY is set) */
    ip: string;
    /** the socket's peer address, whatever any header says: for access decisions (the dev outbox) */
    peer: string;
    requestId: string;
    /** this response's Content-Security-Policy nonce (app/entry.server.tsx puts it on inline scripts) */
    nonce: string;
  }
}
export {};
