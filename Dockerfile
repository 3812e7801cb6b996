# syntax=docker/dockerfile:1
#
# pollcast as `npm start` runs it (server.ts under tsx), on pages built when the image is built,
# as an unprivileged user. Migrations run when the container starts (under a PostgreSQL advisory
# lock, so replicas may start together). Running it, alone or as replicas behind nginx:
# docs/DEPLOY.md and deploy/compose.yaml.

ARG NODE_IMAGE=node:20-bookworm-slim

# Every dependency, the dev ones included: `next build` needs them.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
# Next's build cache only speeds up a next build; it does not ship.
RUN npx next build && rm -rf .next/cache

# What runs needs the production dependencies only (tsx is one: server.ts is TypeScript).
FROM ${NODE_IMAGE} AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/.next ./.next
# package.json says the code is ES modules; next.config.ts is read again when Next starts.
COPY package.json next.config.ts tsconfig.json server.ts ./
COPY drizzle ./drizzle
COPY src ./src
# The code stays root's and read-only to the app. /data is where embedded mode (no DATABASE_URL)
# keeps its database: mount a volume there. Services mode writes nothing to disk.
RUN mkdir /data && chown node:node /data
USER node
EXPOSE 3000
# /api/health answers 200 while PostgreSQL answers (Redis being down only slows pollcast down),
# and 503 once a stop began. It asks 127.0.0.1, so HOST must include it (0.0.0.0 does).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/api/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself, not npm, so SIGTERM from `docker stop` reaches pollcast and starts its graceful stop.
CMD ["node", "--import", "tsx", "server.ts"]
