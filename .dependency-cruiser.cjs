// The layers, enforced: `npm run lint` runs
//   depcruise app db jobs emails cli scripts bench runtime server.ts links.ts --config .dependency-cruiser.cjs
// and fails on any rule below. The map (docs/ARCHITECTURE.md):
//   routes → modules → db / jobs (enqueue by contract) / emails;  app/lib and app/ui are shared below
//   routes; runtime/ (logger, process singletons) is below everything; db/ is a leaf.
// Job handlers (jobs/definitions/) are loaded by name with import() from jobs/handlers.ts, so a module
// that enqueues a job never imports its handler.
//
// tsPreCompilationDeps: true — type-only imports count. A layer that imports a type from a layer
// above still knows about it (db/ naming an app/ type couples the schema to the app), and a cycle
// through types is still a cycle for whoever reads or splits the code. So both are errors.

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment:
        "No import cycles, type-only ones included. The one deliberate back edge is the lazy job handler " +
        "index (jobs/handlers.ts → import() → jobs/definitions/*): a cycle that passes through a dynamic " +
        "import is not one (the handler loads when the job runs, never when its caller loads).",
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ["dynamic-import"] } },
    },
    {
      name: "runtime-is-the-bottom",
      severity: "error",
      comment:
        "runtime/ (logger, process singletons) is below every layer: it imports nothing of the project.",
      from: { path: "^runtime/" },
      to: { path: "^(app|db|jobs|emails|cli|scripts|bench|server\\.ts)" },
    },
    {
      name: "db-is-a-leaf",
      severity: "error",
      comment:
        "db/ (client, withTenant, schema, migrations) imports nothing from app/, jobs/, emails/, cli/ or " +
        "scripts/: everything above may use it, it uses nothing above. The demo seed, which needs module " +
        "functions, is app/modules/tenancy/seed-demo.server.ts.",
      from: { path: "^db/" },
      to: { path: "^(app|jobs|emails|cli|scripts|bench|server\\.ts)" },
    },
    {
      name: "nothing-below-routes-imports-routes",
      severity: "error",
      comment:
        "Routes are the top: modules, app/lib, app/ui, jobs, emails, db and the CLI never import a route " +
        "module (move what they need into a module or app/lib).",
      from: { path: "^(app/(modules|lib|ui)|jobs|emails|db|cli)/" },
      to: { path: "^app/routes/" },
    },
    {
      name: "lib-is-generic",
      severity: "error",
      comment: "app/lib holds generic helpers; it knows no domain module and no route.",
      from: { path: "^app/lib/" },
      to: { path: "^app/(modules|routes)/" },
    },
    {
      name: "emails-import-no-modules",
      severity: "error",
      comment: "Email templates render the props they are given; they import no domain module.",
      from: { path: "^emails/" },
      to: { path: "^app/(modules|routes)/" },
    },
    {
      name: "job-machinery-imports-no-modules",
      severity: "error",
      comment:
        "The queue, registry, schedules and failure log sit below the modules that enqueue: they import no " +
        "module and no route (the handlers, loaded lazily, are the ones that call modules).",
      from: { path: "^jobs/(queue|registry|define|handlers|schedules|record-failure)\\.ts$" },
      to: { path: "^app/(modules|routes)/" },
    },
    {
      name: "job-handlers-load-lazily",
      severity: "error",
      comment:
        "Only the lazy handler index (jobs/handlers.ts) reaches a job handler (jobs/definitions/*). " +
        "Enqueueing needs the job's contract (jobs/contracts/<name>.ts), never its handler.",
      from: { pathNot: "^jobs/handlers\\.ts$" },
      to: { path: "^jobs/definitions/" },
    },
    {
      name: "job-handler-index-imports-dynamically",
      severity: "error",
      comment: "jobs/handlers.ts loads each handler with import() when the job runs, never statically.",
      from: { path: "^jobs/handlers\\.ts$" },
      to: { path: "^jobs/definitions/", dependencyTypesNot: ["dynamic-import"] },
    },
    {
      name: "job-handler-index-only-for-runners",
      severity: "error",
      comment: "Only the worker and the in-process runner (jobs/queue.ts) load handlers.",
      from: { pathNot: "^jobs/(worker|queue)\\.ts$" },
      to: { path: "^jobs/handlers\\.ts$" },
    },
    {
      name: "job-contracts-are-light",
      severity: "error",
      comment:
        "A job contract is a name, a zod payload schema and a retry policy: it imports no domain module, " +
        "no route, no handler, no queue and no database connection.",
      from: { path: "^jobs/contracts/" },
      to: {
        path: "^(app/(modules|routes|ui)/|jobs/(?!define\\.ts$)(?!contracts/)|db/(client|tenant)\\.ts$|node_modules/kysely/)",
      },
    },
    {
      name: "job-handlers-call-modules",
      severity: "error",
      comment:
        "A job handler calls module functions; it builds no query. It may open a connection " +
        "(db/client.ts) and a tenant transaction (withTenant) and use their types, but not kysely itself. " +
        "Query builder calls on a tx (selectFrom, updateTable, …) are caught by ESLint (eslint.config.js).",
      from: { path: "^jobs/definitions/" },
      to: { path: "^(node_modules/kysely/|db/(?!client\\.ts$|tenant\\.ts$|schema\\.ts$|columns\\.ts$))" },
    },
    {
      name: "links-entry-stays-small",
      severity: "error",
      comment:
        "The links process (links.ts, `npm run links`) serves /s/:code and nothing else: everything it loads, " +
        "directly or through any chain, is the tracking module's redirect files, the database client, runtime/, " +
        "a few app/lib helpers and their packages. Not React Router, not the app build, not other modules. " +
        "A new import on that path needs a reason and a line here.",
      from: { path: "^links\\.ts$" },
      to: {
        reachable: true,
        pathNot: [
          "^links\\.ts$",
          "^runtime/",
          "^db/",
          "^app/lib/(client-ip|cookies|env|loopback|request-target|secrets-keyring|security-headers)(\\.server)?\\.ts$",
          "^app/modules/tracking/(redirect|record-click|resolve-link|click-redis|config|visitor-hash|member-ip)\\.server\\.ts$",
          "^app/modules/auth/(cookie|tokens)\\.server\\.ts$",
          "^node_modules/(@electric-sql/pglite|@oslojs/(crypto|encoding)|ioredis|ipaddr\\.js|isbot|kysely|kysely-pglite-dialect|lru-cache|pg|pino|prom-client|zod)/",
          // node's own modules (cluster, http, crypto, fs/promises, …)
          "^[a-z_]+$",
          "^[a-z_]+/[a-z_]+$",
        ],
      },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(build|\\.react-router|tests)/" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
