import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { apiNames, NameError } from "../names.js";
import { nextMigrationNumber } from "./migration-number.js";
import { OUTPUTS, REGISTRY } from "./outputs.js";
import { planNewApi } from "./plan.js";
import { writeNewApi } from "./write.js";

const REGISTERED = "// Every API this service serves.\nexport {};\n";

let root: string | undefined;
afterEach(() => root && rmSync(root, { recursive: true, force: true }));

/** A service tree with just what new-api reads: the registry and the migrations directory. */
function tree(files: Record<string, string> = {}): string {
  root = mkdtempSync(join(tmpdir(), "new-api-"));
  for (const [path, content] of Object.entries({ [REGISTRY]: REGISTERED, ...files })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  mkdirSync(join(root, "internal/data/migrations"), { recursive: true });
  return root;
}

describe("planNewApi", () => {
  it("renders every layer's file for NAME=billing RESOURCE=Invoice, the plural defaulting to invoices", async () => {
    const plan = await planNewApi(tree(), apiNames("billing", "Invoice"), 5);
    expect(plan.files.map((f) => f.path)).toEqual([
      "api/billing/v1/billing.proto",
      "internal/service/billing-service.ts",
      "internal/service/invoice-message.ts",
      "internal/biz/invoice.ts",
      "internal/biz/invoice-usecase.ts",
      "internal/biz/invoice-page-token.ts",
      "internal/data/invoice-schema.ts",
      "internal/data/invoice-repo.ts",
      "internal/data/migrations/0005_create_invoices.ts",
      "internal/apis/billing.ts",
      "test/support/billing-api.ts",
      "test/billing.test.ts",
    ]);
    const file = (path: string) => plan.files.find((f) => f.path === path)!.content;
    const proto = file("api/billing/v1/billing.proto");
    expect(proto).toContain("package billing.v1;");
    expect(proto).toContain("service BillingService {");
    for (const rpc of ["GetInvoice", "ListInvoices", "CreateInvoice", "UpdateInvoice", "DeleteInvoice"]) {
      expect(proto).toContain(`rpc ${rpc}(${rpc}Request)`);
    }
    expect(proto).toContain('get: "/v1/invoices/{id}"');
    expect(proto).toContain('patch: "/v1/invoices/{invoice.id}"');
    expect(proto).toContain("INVOICE_ETAG_MISMATCH = 4 [(strata.errors.code) = 409];");
    expect(file("internal/apis/billing.ts")).toContain('migrations: { "0005_create_invoices": createInvoices }');
    expect(plan.registration).toBe('export { billingApi } from "./billing.js";\n');
  });

  it("derives multi-word names and takes an irregular plural", async () => {
    const plan = await planNewApi(tree(), apiNames("order_history", "LineItem", "lineitems"), 12);
    const paths = plan.files.map((f) => f.path);
    expect(paths).toContain("api/order_history/v1/order_history.proto");
    expect(paths).toContain("internal/biz/line-item-usecase.ts");
    expect(paths).toContain("internal/data/migrations/0012_create_line_items.ts");
    expect(paths).toContain("test/order-history.test.ts");
    const proto = plan.files[0]!.content;
    expect(proto).toContain("package order_history.v1;");
    expect(proto).toContain("service OrderHistoryService {");
    expect(proto).toContain("rpc ListLineItems(ListLineItemsRequest) returns (ListLineItemsResponse)");
    expect(proto).toContain("repeated LineItem line_items = 1;");
    expect(proto).toContain('get: "/v1/lineitems"');
    expect(plan.registration).toBe('export { orderHistoryApi } from "./order-history.js";\n');
  });

  it("writes nothing that names the example API", async () => {
    const plan = await planNewApi(tree(), apiNames("shipping", "Parcel", "parcels"), 6);
    for (const { path, content } of plan.files) {
      expect(path).not.toMatch(/todo/i);
      expect(content).not.toMatch(/todo/i);
    }
  });

  it("renders TypeScript formatted as make lint checks it (prettier, 120 columns)", async () => {
    const plan = await planNewApi(tree(), apiNames("billing", "Invoice"), 5);
    const repo = plan.files.find((f) => f.path === "internal/data/invoice-repo.ts")!.content;
    expect(repo.split("\n").every((line) => line.length <= 120)).toBe(true);
    expect(repo).not.toMatch(/\n\n\n/);
  });

  it.each([
    ["an API of that NAME", { "api/billing/v1/billing.proto": "" }, /NAME=billing exists already \(api\/billing\)/],
    [
      "a registered API of that NAME",
      { [REGISTRY]: `${REGISTERED}export { billingApi } from "./billing.js";\n` },
      /billingApi in internal\/apis\/registered.ts/,
    ],
    ["a vendored package", { "third_party/billing/x.proto": "" }, /vendored dependency/],
    ["a table of that name", { "internal/data/migrations/0007_create_invoices.ts": "" }, /table invoices exists/],
    ["any file it would write", { "internal/biz/invoice.ts": "" }, /would overwrite internal\/biz\/invoice.ts/],
  ])("refuses %s with a NameError", async (_what, files, message) => {
    const dir = tree(files);
    const plan = planNewApi(dir, apiNames("billing", "Invoice"), 5);
    await expect(plan).rejects.toThrow(NameError);
    await expect(planNewApi(dir, apiNames("billing", "Invoice"), 5)).rejects.toThrow(message);
  });

  it.each(["Date", "Context", "ErrorReason", "BillingService"])(
    "refuses RESOURCE=%s, a name the code uses",
    async (r) => {
      await expect(planNewApi(tree(), apiNames("billing", r), 5)).rejects.toThrow(/RESOURCE=\w+ is a name/);
    },
  );
});

describe("writeNewApi", () => {
  it("writes the planned files and appends the API's line to the registry", async () => {
    const dir = tree({ [REGISTRY]: "export {}" });
    const plan = await planNewApi(dir, apiNames("billing", "Invoice"), 5);
    writeNewApi(dir, plan);
    for (const { path, content } of plan.files) expect(readFileSync(join(dir, path), "utf8")).toBe(content);
    expect(readFileSync(join(dir, REGISTRY), "utf8")).toBe('export {}\nexport { billingApi } from "./billing.js";\n');
  });

  it("never overwrites a file", async () => {
    const dir = tree();
    const plan = await planNewApi(dir, apiNames("billing", "Invoice"), 5);
    writeFileSync(join(dir, "internal/apis/billing.ts"), "mine");
    expect(() => writeNewApi(dir, plan)).toThrow(/EEXIST/);
    expect(readFileSync(join(dir, "internal/apis/billing.ts"), "utf8")).toBe("mine");
  });
});

describe("the buf workspace", () => {
  const workspace = "version: v2\nmodules:\n  - path: third_party\n";

  it("gets the api module back when it has none (after make remove-example)", async () => {
    const dir = tree({ "buf.yaml": workspace });
    const plan = await planNewApi(dir, apiNames("billing", "Invoice"), 5);
    expect(plan.workspace).toBe("version: v2\nmodules:\n  - path: api\n  - path: third_party\n");
    writeNewApi(dir, plan);
    expect(readFileSync(join(dir, "buf.yaml"), "utf8")).toBe(plan.workspace);
  });

  it("is left alone when it has the api module", async () => {
    const dir = tree({ "buf.yaml": "version: v2\nmodules:\n  - path: api\n" });
    expect((await planNewApi(dir, apiNames("billing", "Invoice"), 5)).workspace).toBeUndefined();
  });
});

describe("nextMigrationNumber", () => {
  it("is one more than any migration, the kit's included", () => {
    const dir = tree({
      "internal/data/migrations/0001_create_x.ts": "",
      "internal/data/migrations/0004_create_y.ts": "",
      "internal/data/migrations/index.ts": "",
    });
    expect(nextMigrationNumber(dir, ["0003_event_tables"])).toBe(5);
    expect(nextMigrationNumber(dir, ["0009_event_tables"])).toBe(10);
  });

  it("is 1 when there are none", () => {
    expect(nextMigrationNumber(tree(), [])).toBe(1);
  });
});

it("has one template per output", () => {
  const templates = readdirSync(join(import.meta.dirname, "templates")).sort();
  expect(OUTPUTS.map((o) => `${o.template}.eta`).sort()).toEqual(templates);
});
