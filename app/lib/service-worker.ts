/**
 * Registers public/sw.js (the offline page and the shell, see there) in production builds, in secure
 * contexts only (https, or http://localhost), once the page has loaded so it never competes with the
 * page's own requests. Development (npm run dev) has none: a worker would serve stale modules there.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD) return;
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  // the tracked-link redirects never render a page with scripts; belt and braces
  if (location.pathname.startsWith("/s/")) return;
  const register = () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch((error: unknown) => {
      // an app without its worker still works, only not offline
      console.warn("service worker registration failed", error);
    });
  };
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });
}
