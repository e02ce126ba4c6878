import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { NameError } from "./names.js";
import { currentServiceName, kitProtoPackages, planRename, replaceName } from "./service-name.js";

describe("replaceName", () => {
  it("replaces whole words in lower and title case, and nothing inside longer words", () => {
    const text =
      "name: strata\nimage: ${APP_IMAGE:-strata:local}\n# Strata service\nprotoc-gen-stratax stratas strata_x";
    expect(replaceName(text, "strata", "order-history")).toBe(
      "name: order-history\nimage: ${APP_IMAGE:-order-history:local}\n# Order History service\nprotoc-gen-stratax stratas strata_x",
    );
  });

  it("leaves the kit's own proto packages alone", () => {
    const text = "# the rule is in the proto: (strata.auth.v1.rule); service: strata.default.svc";
    expect(replaceName(text, "strata", "orders", ["strata.auth", "strata.errors"])).toBe(
      "# the rule is in the proto: (strata.auth.v1.rule); service: orders.default.svc",
    );
  });
});

describe("kitProtoPackages", () => {
  it("lists the packages under third_party/strata", () => {
    expect(kitProtoPackages(join(import.meta.dirname, "../.."))).toEqual(
      expect.arrayContaining(["strata.auth", "strata.errors"]),
    );
  });
});

describe("planRename", () => {
  let root: string | undefined;
  afterEach(() => root && rmSync(root, { recursive: true, force: true }));

  function tree(files: Record<string, string>): string {
    root = mkdtempSync(join(tmpdir(), "rename-"));
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    return root;
  }

  const files = {
    "package.json": `${JSON.stringify({ name: "strata", version: "0.1.0" }, null, 2)}\n`,
    "package-lock.json": `${JSON.stringify({ name: "strata", packages: { "": { name: "strata" } } }, null, 2)}\n`,
    "README.md": "# Strata\n\nA strata service.\n",
    "configs/config.yaml": "service:\n  name: ${SERVICE_NAME:strata}\n",
    "deploy/k8s/base/service.yaml": "metadata:\n  name: strata-headless\n",
    "internal/apis/library.ts": "// strata\n",
  };

  it("edits the service's files only, and package.json's name", () => {
    const dir = tree(files);
    expect(currentServiceName(dir)).toBe("strata");
    const edits = Object.fromEntries(planRename(dir, "strata", "orders").map((e) => [e.path, e.content]));
    expect(Object.keys(edits).sort()).toEqual([
      "README.md",
      "configs/config.yaml",
      "deploy/k8s/base/service.yaml",
      "package-lock.json",
      "package.json",
    ]);
    expect(edits["configs/config.yaml"]).toBe("service:\n  name: ${SERVICE_NAME:orders}\n");
    expect(edits["deploy/k8s/base/service.yaml"]).toContain("name: orders-headless");
    expect(JSON.parse(edits["package.json"]!)).toEqual({ name: "orders", version: "0.1.0" });
    expect(JSON.parse(edits["package-lock.json"]!)).toEqual({ name: "orders", packages: { "": { name: "orders" } } });
    // The README's title is the service's; its text is about the kit.
    expect(edits["README.md"]).toBe("# Orders\n\nA strata service.\n");
    expect(readFileSync(join(dir, "configs/config.yaml"), "utf8")).toContain("strata");
  });

  it("refuses a name that is a word of those files already", () => {
    const dir = tree({ ...files, Makefile: "test: ## run the tests\n" });
    expect(() => planRename(dir, "strata", "test")).toThrow(NameError);
    expect(() => planRename(dir, "strata", "test")).toThrow(/NAME=test already appears in Makefile/);
  });
});
