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

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: deps
deps: $(DEPS) ## Install dependencies (done by the other targets when needed)

.PHONY: run
run: $(DEPS) ## Run the service from source (REST :8000, gRPC :9000, admin :8001)
	node --import tsx cmd/server/main.ts --conf configs/config.yaml

.PHONY: test
test: $(DEPS) ## Run the unit and integration tests (PostgreSQL when DATABASE_URL is set)
	vitest run $(VITEST_ARGS)

.PHONY: api
api: $(DEPS) ## Generate code from the .proto files (api/, pkg/gen/, tools/testdata/)
	buf generate --template buf.gen.runtime.yaml
	buf generate --template buf.gen.yaml
	buf generate --template buf.gen.testdata.yaml

.PHONY: build
build: $(DEPS) ## Compile TypeScript to dist/
	rm -rf dist
	tsc -p tsconfig.build.json

.PHONY: start
start: build ## Run the compiled service from dist/
	node dist/cmd/server/main.js --conf configs/config.yaml

.PHONY: lint
lint: $(DEPS) ## Check formatting, lint rules, protos and types
	prettier --check .
	eslint .
	buf lint
	tsc --noEmit -p .

.PHONY: fmt
fmt: $(DEPS) ## Format the code
	prettier --write .
	buf format -w api

.PHONY: clean
clean: ## Remove build output
	rm -rf dist coverage
