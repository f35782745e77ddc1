# syntax=docker/dockerfile:1
# Chorus: web server (default CMD) and job worker (fly.toml overrides the command per process).
# Server modules (server.ts, app/, db/, jobs/, emails/, cli/, runtime/) run from TypeScript source through
# tsx, a runtime dependency; only the React Router client/SSR bundle is prebuilt into build/.
# Processes run as `node --import tsx …`, never through the `tsx` CLI: that wrapper passes SIGTERM
# on to a child node and kills it moments later, so the graceful shutdown (which hands the clicks
# batched in memory to Redis or the database) never finishes and answered clicks are lost.

ARG NODE_IMAGE=node:22-bookworm-slim

# ---- build: full install, React Router build -------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# ---- runtime: production dependencies + sources ---------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# No HOST: in production server.ts takes Node's default, every interface and both IPv4 and IPv6
# where the machine has IPv6 (Fly's private network is IPv6 only; 0.0.0.0 would be IPv4 only).
ENV NODE_ENV=production \
    PORT=3000 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false
WORKDIR /app
RUN chown node:node /app

COPY --chown=node:node package.json package-lock.json ./
USER node
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY --chown=node:node --from=build /app/build ./build
# tsconfig.json: tsx reads its `paths` to resolve the `~/` imports (paths from the repository root).
COPY --chown=node:node tsconfig.json server.ts links.ts ./
COPY --chown=node:node app ./app
COPY --chown=node:node db ./db
COPY --chown=node:node jobs ./jobs
COPY --chown=node:node emails ./emails
COPY --chown=node:node cli ./cli
COPY --chown=node:node runtime ./runtime
# `npm run db:seed` (the demo tenant) runs scripts/seed.ts; db/seed.ts was in the image before it moved.
COPY --chown=node:node scripts/seed.ts ./scripts/seed.ts
# Without DATABASE_URL / RESEND_API_KEY the app falls back to PGlite and mail files under .data/.
RUN mkdir -p .data

EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--import", "tsx", "server.ts"]
