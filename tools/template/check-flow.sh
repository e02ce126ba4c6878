#!/usr/bin/env bash
# The template commands as a team first runs them, in a throwaway clone of this
# repository's committed HEAD: rename the service, add an API, remove the
# example; then `make lint` and `make test` pass, nothing but the README and the
# template commands names the example, and `make run` serves the new API
# over REST and gRPC (listed by reflection). .ci/run runs it.
#
#   tools/template/check-flow.sh [vitest-json-report]     (KEEP=1 keeps the clone)
#
# Slow (npm ci, make lint, make test, a service start): not part of make test.
# (It lives outside the files `make rename` scans, which would otherwise find
# the new name below already taken.)
set -euo pipefail

repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
report=${1:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/check-flow.XXXXXX")
server=""
cleanup() {
  if [ -n "$server" ]; then kill -- "-$server" 2>/dev/null || true; fi
  if [ "${KEEP:-}" = 1 ]; then echo "kept $work/svc"; else rm -rf "$work"; fi
}
trap cleanup EXIT
step() { printf '\n== %s\n' "$*"; }
fail() { echo "check-flow: $*" >&2; exit 1; }

step "clone $repo → $work/svc, npm ci"
git clone --quiet "$repo" "$work/svc"
cd "$work/svc"
npm ci --no-audit --no-fund --loglevel=error

step "make rename NAME=orders"
make --no-print-directory rename NAME=orders
step "make new-api NAME=billing RESOURCE=Invoice"
make --no-print-directory new-api NAME=billing RESOURCE=Invoice
step "make remove-example"
make --no-print-directory remove-example

# The template commands and their checks know the example's name by design;
# package-lock.json only holds it by chance, inside an integrity hash.
step "nothing names the example but the README and the template commands"
git add -A
if git grep -il todo -- . ':!README.md' ':!tools/template/' ':!package-lock.json'; then
  fail "the files above still name the example"
fi

step "make lint"
make --no-print-directory lint

step "make test"
if [ -n "$report" ]; then
  make --no-print-directory test VITEST_ARGS="--reporter=default --reporter=json --outputFile.json=$report"
else
  make --no-print-directory test
fi

step "make run serves the new API"
base=$((20000 + RANDOM % 20000))
http=127.0.0.1:$base grpc=127.0.0.1:$((base + 1)) admin=127.0.0.1:$((base + 2))
export HTTP_ADDR=$http GRPC_ADDR=$grpc ADMIN_ADDR=$admin
set -m
make --no-print-directory run >"$work/run.log" 2>&1 &
server=$!
set +m
for _ in $(seq 120); do
  curl -fsS "http://$admin/readyz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$work/run.log"; fail "make run exited"; }
  sleep 0.5
done
curl -fsS "http://$admin/readyz" >/dev/null || { cat "$work/run.log"; fail "make run is not ready"; }

invoice=$(curl -fsS "http://$http/v1/invoices" -H 'content-type: application/json' -d '{"displayName":"via REST"}')
echo "POST /v1/invoices → $invoice"
[[ $invoice == *'"displayName":"via REST"'* ]] || fail "POST /v1/invoices did not return the invoice"
created=$(make -s --no-print-directory call RPC=billing.v1.BillingService/CreateInvoice DATA='{"invoice":{"displayName":"via gRPC"}}')
echo "CreateInvoice → $created"
[[ $created == *'"displayName": "via gRPC"'* ]] || fail "CreateInvoice over gRPC did not return the invoice"
services=$(node --import tsx -e '
  const { reflectedServices } = await import("./test/support/reflection.ts");
  console.log((await reflectedServices(process.env.GRPC_ADDR)).join("\n"));')
echo "reflection: $(echo "$services" | paste -sd' ' -)"
grep -qx billing.v1.BillingService <<<"$services" || fail "reflection does not list billing.v1.BillingService"
grep -qx grpc.health.v1.Health <<<"$services" || fail "reflection does not list grpc.health.v1.Health"
if grep -qi todo <<<"$services"; then fail "reflection still lists the example"; fi

echo
echo "check-flow: ok"
