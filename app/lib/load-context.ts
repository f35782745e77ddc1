/** What server.ts hands every loader and action besides the Request. */
declare module "react-router" {
  interface AppLoadContext {
    /** the client's address (proxy headers only when TRUST_PROXY is set) */
    ip: string;
    requestId: string;
    /** this response's Content-Security-Policy nonce (app/entry.server.tsx puts it on inline scripts) */
    nonce: string;
  }
}
export {};
