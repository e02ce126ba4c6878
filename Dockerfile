# syntax=docker/dockerfile:1
# The service's image: dependencies → build → runtime. Only the runtime stage
# ships: the node binary, production dependencies, the compiled dist/ and
# configs/, run by a non-root user (uid 1000) with node itself as PID 1 (it
# handles SIGTERM: readiness off, drain, graceful stop; see the README's
# Lifecycle section).
#
#   docker build -t strata:local .
#
# NODE_IMAGE is the Node image the build stages run on and the runtime takes
# its node binary from (/usr/local/bin/node, as in the official images).
# RUNTIME_IMAGE is the runtime stage's base: all the official node binary needs
# is glibc, libstdc++ and libgcc_s (it carries its own OpenSSL, ICU and CA
# roots), so a distroless one (about 23 MB, no shell, no package manager) keeps
# the image near 210 MB, where node:24-bookworm-slim as the base (npm, yarn,
# corepack and Debian slim besides node) puts it well over 250 MB. The runtime stage
# runs nothing (no RUN), so any glibc base with libstdc++ works too, e.g.
# --build-arg RUNTIME_IMAGE=debian:bookworm-slim for a shell in the container
# (about 50 MB more than distroless, which puts the image over 250 MB).
ARG NODE_IMAGE=node:24-bookworm-slim
ARG RUNTIME_IMAGE=gcr.io/distroless/cc-debian12

# Every dependency, from the lock file alone, so this layer is reused until
# package.json or package-lock.json change.
FROM ${NODE_IMAGE} AS deps
# An extra CA bundle for npm's HTTPS (a proxy with its own CA); empty for most
# users. Declared only in the build stages: it never reaches the final image.
ARG NODE_EXTRA_CA_CERTS
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# Compile TypeScript to dist/ (migrations and generated code included), then
# drop the dev dependencies and what nothing loads at run time (type
# declarations, TypeScript sources, source maps, docs).
FROM deps AS build
ARG NODE_EXTRA_CA_CERTS
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && find node_modules -type f \( -name '*.ts' -o -name '*.mts' -o -name '*.cts' -o -name '*.map' -o -name '*.md' \) -delete \
 && npm cache clean --force

# Files stay owned by root: the service only reads them. uid/gid 1000 is the
# user the Kubernetes manifests run as (runAsUser: 1000); numeric, so that
# runAsNonRoot can verify it and no passwd entry is needed.
FROM ${RUNTIME_IMAGE} AS runtime
LABEL org.opencontainers.image.title="strata"
ENV NODE_ENV=production
# The config's defaults listen on loopback only; in a container the service
# must be reachable from outside it (compose, Kubernetes).
ENV HTTP_ADDR=0.0.0.0:8000 GRPC_ADDR=0.0.0.0:9000 ADMIN_ADDR=0.0.0.0:8001
COPY --from=deps /usr/local/bin/node /usr/local/bin/node
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY configs ./configs
USER 1000:1000
# REST, gRPC, admin (/healthz, /readyz, /metrics).
EXPOSE 8000 9000 8001
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8001/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/cmd/server/main.js", "--conf", "configs/config.yaml"]
