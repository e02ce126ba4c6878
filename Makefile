# Strata service Makefile. `make` (or `make help`) lists the targets.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)

# npm writes node_modules/.package-lock.json on every install: dependencies are
# (re)installed whenever it is missing or older than the lock file.
DEPS := node_modules/.package-lock.json

$(DEPS): package-lock.json package.json
	npm ci --no-audit --no-fund
	@touch $@

# The addresses make run, dev and start listen on: HTTP_ADDR, GRPC_ADDR and
# ADMIN_ADDR from the environment, else their defaults in configs/config.yaml.
config_default = $(shell sed -n 's/.*[$$]{$(1):\([^}]*\)}.*/\1/p' configs/config.yaml)
addr_in_effect = $(or $($(1)),$(call config_default,$(1)))

.PHONY: help
help: ## List the targets and the ports in effect
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo
	@echo "make run, dev, start: REST $(call addr_in_effect,HTTP_ADDR), gRPC $(call addr_in_effect,GRPC_ADDR), admin $(call addr_in_effect,ADMIN_ADDR)"
	@echo "  (HTTP_ADDR, GRPC_ADDR, ADMIN_ADDR; defaults in configs/config.yaml)"
	@echo "make compose-up: REST 127.0.0.1:$(HTTP_PORT), gRPC 127.0.0.1:$(GRPC_PORT), admin 127.0.0.1:$(ADMIN_PORT) (HTTP_PORT, GRPC_PORT, ADMIN_PORT)"

.PHONY: deps
deps: $(DEPS) ## Install dependencies (done by the other targets when needed)

# make run, dev and debug keep the embedded database (PGlite, used when
# DATABASE_URL is unset) in this git-ignored directory, so data survives
# restarts; `make clean-data` wipes it.
PGLITE_DATA_DIR ?= $(CURDIR)/.data/pglite
run dev debug: export PGLITE_DATA_DIR := $(PGLITE_DATA_DIR)
# glibc keeps the memory PGlite's start allocated and freed (some 50 MB) unless a
# trim threshold makes it hand freed memory back to the system.
run dev debug: export MALLOC_TRIM_THRESHOLD_ := 131072

# make run runs the development build (tools/dev/build.ts: esbuild, one module
# per source file, in .data/build), made again only when a file under the
# built directories changed (a subdirectory's own time covers a removed file).
DEV_BUILD := .data/build/.built
$(DEV_BUILD): $(DEPS) $(shell find api cmd internal pkg -mindepth 1 2>/dev/null)
	node --import tsx tools/dev/build.ts
	@touch $@

.PHONY: run
run: $(DEV_BUILD) ## Run the service from source (its ports: below; data in .data/)
	node --enable-source-maps .data/build/cmd/server/main.js --conf configs/config.yaml

.PHONY: dev
dev: $(DEPS) ## Run the service and restart it on every saved change (.proto: make api first)
	node --import tsx tools/dev

.PHONY: debug
debug: $(DEPS) ## make dev with the inspector on 127.0.0.1:9229 (source maps on; attach an editor or chrome://inspect)
	node --import tsx tools/dev --inspect=127.0.0.1:9229

# RPC and DATA reach the command as they were typed ($(value): no make expansion of `$`).
call: export CALL_RPC := $(value RPC)
call: export CALL_DATA := $(value DATA)
.PHONY: call
call: $(DEPS) ## Call the service over gRPC: RPC=pkg.v1.Service/Method DATA='{"id":"…"}' (REST=1 prints the curl line; no RPC lists them)
	node --import tsx tools/call $(if $(REST),--rest) -- "$$CALL_RPC" "$$CALL_DATA"

.PHONY: clean-data
clean-data: ## Delete the embedded database of make run / dev (.data/)
	rm -rf .data

.PHONY: migrate
migrate: $(DEPS) ## Apply pending database migrations (DATABASE_URL, or PGLITE_DATA_DIR) and exit
	node --import tsx cmd/migrate/main.ts --conf configs/config.yaml

.PHONY: test
test: $(DEPS) ## Run the unit and integration tests (PostgreSQL when DATABASE_URL is set)
	vitest run $(VITEST_ARGS)

.PHONY: bench
bench: build ## Benchmark REST, gRPC and startup against bare fastify / grpc-js (wrk, h2load; BENCH_DATABASE_URL)
	tsc -p tsconfig.bench.json
	taskset -c 1 node --import tsx test/bench/main.ts

.PHONY: bench-dev
bench-dev: build ## Time the dev loop: make run (embedded) and make dev restarts vs the compiled start on PostgreSQL (BENCH_DATABASE_URL); RSS idle
	node --import tsx test/bench/dev-loop.ts

.PHONY: api
api: $(DEPS) ## Generate code from the .proto files (api/, pkg/gen/, tools/testdata/)
	buf generate --template buf.gen.runtime.yaml
	@# buf refuses an input with no .proto file: with no API left, there is no merged document either.
	if [ -n "$$(find api -name '*.proto' -print -quit)" ]; then buf generate --template buf.gen.yaml; else rm -f api/openapi.json; fi
	buf generate --template buf.gen.testdata.yaml

.PHONY: rename
rename: $(DEPS) ## Rename the service everywhere it is named (configs, image, compose, k8s, dashboards): NAME=<a DNS label>
	node --import tsx tools/template/rename.ts "$(NAME)"

.PHONY: new-api
new-api: $(DEPS) ## Add an API with its standard methods, every layer and a test: NAME=<lower_snake> RESOURCE=<PascalCase> [PLURAL=<lower>]
	node --import tsx tools/template/new-api.ts "$(NAME)" "$(RESOURCE)" "$(PLURAL)"

.PHONY: remove-example
remove-example: $(DEPS) ## Delete the example API (every file named after it) and regenerate api/; the kit stays green
	node --import tsx tools/template/remove-example.ts
	$(MAKE) --no-print-directory api

.PHONY: build
build: $(DEPS) ## Compile TypeScript to dist/
	rm -rf dist
	npm run --silent build

.PHONY: start
start: build ## Run the compiled service from dist/
	node dist/cmd/server/main.js --conf configs/config.yaml

.PHONY: lint
# eslint's type-aware rules and tsc each build the program: side by side, not one after the other.
lint: $(DEPS) ## Check formatting, lint rules (layers, promise mistakes), protos, the OpenAPI documents and types
	prettier --check .
	buf lint
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true redocly lint --format=summary \
	  $$(find api tools/testdata -name '*.openapi.json') $(wildcard api/openapi.json) tools/testdata/openapi.json
	tsc --noEmit -p . & types=$$!; eslint . || { wait $$types; exit 1; }; wait $$types

.PHONY: fmt
fmt: $(DEPS) ## Format the code
	prettier --write .
	buf format -w api

.PHONY: clean
clean: ## Remove build output
	rm -rf dist coverage

# docker-compose.yml: `docker compose` (Compose v2) by default; for the older
# standalone tool, COMPOSE=docker-compose. COMPOSE_UP_FLAGS=--no-build uses an
# image already built (APP_IMAGE). Host ports: HTTP_PORT, GRPC_PORT, ADMIN_PORT;
# COMPOSE_PORTS=1 publishes PostgreSQL, Redis and NATS too (docker-compose.ports.yml).
COMPOSE ?= docker compose
COMPOSE_UP_FLAGS ?= --build
COMPOSE_FILES = $(if $(COMPOSE_PORTS),-f docker-compose.yml -f docker-compose.ports.yml)
# `up --wait` returns once the healthchecks pass (the service's polls /readyz).
# docker-compose 1.x has no --wait: then /readyz is polled from here (Node).
COMPOSE_WAIT ?= $(if $(filter 1.%,$(shell $(COMPOSE) version --short 2>/dev/null)),,--wait)
HTTP_PORT ?= 8000
GRPC_PORT ?= 9000
ADMIN_PORT ?= 8001
export HTTP_PORT GRPC_PORT ADMIN_PORT
E2E_ENV = E2E_HTTP_URL=http://127.0.0.1:$(HTTP_PORT) E2E_GRPC_ADDR=127.0.0.1:$(GRPC_PORT) \
  E2E_ADMIN_URL=http://127.0.0.1:$(ADMIN_PORT) E2E_COMPOSE="$(COMPOSE)"

.PHONY: compose-up
compose-up: ## Start the stack of docker-compose.yml and wait until the service is ready (COMPOSE_PORTS=1: the dependencies' ports too)
	$(COMPOSE) $(COMPOSE_FILES) up -d $(COMPOSE_UP_FLAGS) $(COMPOSE_WAIT)
	$(if $(COMPOSE_WAIT),,$(MAKE) --no-print-directory deps && $(E2E_ENV) tsx test/e2e/wait-ready.ts)

.PHONY: compose-test
compose-test: $(DEPS) ## Start the stack, run test/e2e against it, stop it (also on failure)
	@status=0; \
	$(MAKE) --no-print-directory compose-up && \
	  $(E2E_ENV) vitest run --config vitest.e2e.config.ts $(VITEST_ARGS) || status=$$?; \
	[ $$status -eq 0 ] || $(COMPOSE) $(COMPOSE_FILES) logs --tail=100 app || true; \
	$(MAKE) --no-print-directory compose-down; \
	exit $$status

.PHONY: compose-down
compose-down: ## Stop the stack and remove its containers and volumes
	$(COMPOSE) $(COMPOSE_FILES) down -v --remove-orphans
