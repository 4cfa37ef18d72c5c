# syntax=docker/dockerfile:1.7
# finance-bot: one image, every role (`docker run … finance-bot worker`).
# Build stage bundles the app (esbuild: scripts/build.mjs) and compiles
# better-sqlite3 (native) for this libc.
# Node 24 (maintenance LTS to April 2028; Node 20's support ended in April 2026):
# CI runs the built app and the single executable on it too (.ci/node24).
FROM node:24-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
# The Mini App's page is built from src/webapp with its texts from locales/.
COPY scripts ./scripts
COPY locales ./locales
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8000 \
    DATABASE_PATH=/data/finance.db
# A young generation of at most 4 MB per semi-space instead of Node's default (up to 64 MB on Node 24): less
# memory after a burst of load, at the price of more frequent scavenges. (Idle
# RSS after start no longer depends on it: the app holds the young generation
# small while it starts, see src/runtime/young-generation.ts.)
ENV NODE_OPTIONS=--max-semi-space-size=4
WORKDIR /app
# The app's files belong to root and are read-only to the user the app runs as
# (node, uid 1000): a compromised process cannot rewrite its own code.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY drizzle ./drizzle
COPY locales ./locales
# The only writable place: the database, its backups and (development) secrets.
RUN mkdir -p /data && chown node:node /data && chmod 0700 /data
USER node
VOLUME ["/data"]
EXPOSE 8000
# Works for every role: the running process rewrites its heartbeat while the
# database can be written; roles with HTTP must also answer /health/ready.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD ["node", "dist/main.js", "healthcheck"]
# Exec form: node is PID 1 and gets SIGTERM directly.
ENTRYPOINT ["node", "dist/main.js"]
CMD ["all"]
