#!/usr/bin/env bash
# The whole `make new-api` flow, in a throwaway clone of this repository's
# committed HEAD: two APIs side by side, then everything a team runs next must
# pass with no hand edit — codegen reproducible, make lint, their tests, make
# run serving them over REST and gRPC — and a second run with a taken NAME
# must be refused with exit 2, changing nothing. Last, the same on a service
# whose example was removed (make remove-example): the new API stands alone.
#
#   tools/template/check-new-api.sh            (KEEP=1 keeps the clone)
#
# Slow (npm ci, make lint, two service starts): not part of make test.
set -euo pipefail

repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
work=$(mktemp -d "${TMPDIR:-/tmp}/check-new-api.XXXXXX")
server=""
cleanup() {
  if [ -n "$server" ]; then kill -- "-$server" 2>/dev/null || true; fi
  if [ "${KEEP:-}" = 1 ]; then echo "kept $work/svc"; else rm -rf "$work"; fi
}
trap cleanup EXIT
step() { printf '\n== %s\n' "$*"; }
fail() { echo "check-new-api: $*" >&2; exit 1; }

step "clone $repo → $work/svc, npm ci"
git clone --quiet "$repo" "$work/svc"
cd "$work/svc"
npm ci --no-audit --no-fund --loglevel=error

step "make new-api NAME=billing RESOURCE=Invoice"
make --no-print-directory new-api NAME=billing RESOURCE=Invoice
step "make new-api NAME=shipping RESOURCE=Parcel PLURAL=parcels"
make --no-print-directory new-api NAME=shipping RESOURCE=Parcel PLURAL=parcels
grep -qx 'export { billingApi } from "./billing.js";' internal/apis/registered.ts || fail "billing is not registered"
grep -qx 'export { shippingApi } from "./shipping.js";' internal/apis/registered.ts || fail "shipping is not registered"
if grep -rIil todo api/billing api/shipping $(git ls-files --others --exclude-standard internal test); then
  fail "a generated file names the example API"
fi

step "a taken NAME is refused with exit 2 and nothing changes"
git add -A
git -c user.name=check -c user.email=check@localhost commit --quiet --no-verify -m "make new-api: billing, shipping"
status=0
make --no-print-directory new-api NAME=billing RESOURCE=Invoice >"$work/refused.log" 2>&1 || status=$?
cat "$work/refused.log"
[ "$status" = 2 ] || fail "make new-api with a taken NAME exited $status, not 2"
[ -z "$(git status --porcelain)" ] || fail "the refused run changed files: $(git status --porcelain)"

step "codegen is reproducible, the protos are formatted"
make --no-print-directory api >/dev/null
git diff --exit-code --stat && [ -z "$(git status --porcelain)" ] || fail "make api changed generated files"
npx buf format --exit-code --diff --path api/billing --path api/shipping >/dev/null || fail "buf format would change the protos"

step "make lint"
make --no-print-directory lint

step "the generated tests"
npx vitest run test/billing.test.ts test/shipping.test.ts

step "make run serves both APIs"
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
parcel=$(curl -fsS "http://$http/v1/parcels" -H 'content-type: application/json' -d '{"displayName":"a parcel"}')
echo "POST /v1/parcels → $parcel"
[[ $parcel == *'"displayName":"a parcel"'* ]] || fail "POST /v1/parcels did not return the parcel"

created=$(make -s --no-print-directory call RPC=billing.v1.BillingService/CreateInvoice DATA='{"invoice":{"displayName":"via gRPC"}}')
echo "CreateInvoice → $created"
[[ $created == *'"displayName": "via gRPC"'* ]] || fail "CreateInvoice over gRPC did not return the invoice"
listed=$(make -s --no-print-directory call RPC=billing.v1.BillingService/ListInvoices DATA='{}')
[[ $listed == *'via REST'* && $listed == *'via gRPC'* ]] || fail "ListInvoices does not list both invoices: $listed"
missing=0
make -s --no-print-directory call RPC=shipping.v1.ShippingService/GetParcel DATA='{"id":"nope"}' 2>"$work/missing.log" || missing=$?
grep -q PARCEL_NOT_FOUND "$work/missing.log" || fail "GetParcel of a missing id: $(cat "$work/missing.log")"

services=$(node --import tsx -e '
  const { reflectedServices } = await import("./test/support/billing-api.ts");
  console.log((await reflectedServices(process.env.GRPC_ADDR)).join(" "));')
echo "reflection: $services"
[[ " $services " == *" billing.v1.BillingService "* && " $services " == *" shipping.v1.ShippingService "* ]] ||
  fail "reflection does not list both services"

kill -- "-$server"
wait "$server" || true
server=""

step "without the example: make remove-example, then make new-api NAME=billing RESOURCE=Invoice"
git reset --quiet --hard origin/HEAD
git clean -fdq
make --no-print-directory remove-example >/dev/null
make --no-print-directory new-api NAME=billing RESOURCE=Invoice
# The new API's files and everything they import type-check with no example file left.
generated=$(git ls-files --others --exclude-standard '*.ts' | sed 's/.*/"&"/' | paste -sd, -)
echo "{\"extends\": \"./tsconfig.json\", \"include\": [], \"files\": [$generated]}" >tsconfig.new-api.json
npx tsc --noEmit -p tsconfig.new-api.json
rm tsconfig.new-api.json
npx vitest run test/billing.test.ts

echo
echo "check-new-api: ok"
