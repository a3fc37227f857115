# The relay as a container: the standalone node:http server (src/relay/main.ts), bundled by
# `npm run build:relay` into one plain JavaScript file that needs nothing but Node 20.
#
#   docker build -t usage-reports-relay .
#   docker run -p 8080:8080 -e RELAY_ALLOWED_ORIGINS=https://addin.contoso.com usage-reports-relay
#
# Environment (src/relay/config.ts; the README's "The relay" has them all):
#   PORT                      listen port (8080 in this image)
#   RELAY_ALLOWED_ORIGINS     comma-separated origins of the add-in allowed by CORS (required in practice)
#   GRAPH_BASE_URL            default https://graph.microsoft.com/v1.0
#   RELAY_DOWNLOAD_ORIGINS    origins Graph may redirect a report to (default reports.office.com's)
#   RELAY_HEADER_TIMEOUT_MS, RELAY_IDLE_TIMEOUT_MS, RELAY_DOWNLOAD_TIMEOUT_MS, RELAY_MAX_DOWNLOADS,
#   RELAY_CLIENT_HEADERS_TIMEOUT_MS, RELAY_REQUEST_TIMEOUT_MS, RELAY_MAX_CONNECTIONS   limits
# On SIGTERM it lets running downloads finish for up to 30 s: stop it with `docker stop -t 35`.
# It speaks plain HTTP: put it behind your TLS-terminating ingress.

FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/build-relay.ts scripts/
COPY deploy deploy
COPY src src
RUN npm run build:relay

FROM node:20-slim
ENV NODE_ENV=production \
    PORT=8080
WORKDIR /app
# Owned by root, readable by all: the relay cannot rewrite itself.
COPY --from=build /src/dist-relay/standalone/relay.js relay.js
USER node
EXPOSE 8080
# No curl in the slim image: Node's own fetch asks the relay.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 7071) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "relay.js"]
