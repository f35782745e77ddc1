import { createContext, useContext } from "react";

/**
 * The CSP nonce of this request (server.ts makes it, app/entry.server.tsx provides it). Empty in the
 * browser: the nonce only matters for the server-rendered HTML, and browsers hide it from the DOM.
 */
const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
