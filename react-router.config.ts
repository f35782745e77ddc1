import type { Config } from "@react-router/dev/config";

export default {
  ssr: true,
  // Every page carries the whole route manifest (92 routes, about 4 kB compressed) instead of the
  // routes on its path: React Router's default ("lazy") matched the request's path against every
  // route again while rendering the scripts, about 1.2 ms of server CPU per page (issue 15), and
  // then fetched /__manifest from the browser before client navigations to routes not yet known.
  routeDiscovery: { mode: "initial" },
} satisfies Config;
