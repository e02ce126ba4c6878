import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { exampleFiles, hasProtos, withoutExampleExports } from "./example.js";
import { withoutBufModule } from "./new-api/buf-module.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A git work tree holding `files` (path → content); `ignored` lines go to its .gitignore. */
function tree(files: Record<string, string>, ignored: string[] = []): string {
  const root = mkdtempSync(join(tmpdir(), "strata-example-"));
  dirs.push(root);
  execFileSync("git", ["init", "-q"], { cwd: root });
  for (const [path, content] of Object.entries({ ...files, ".gitignore": ignored.join("\n") })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe("exampleFiles", () => {
  it("lists every source file whose path names the example, at any depth and in any case", () => {
    const root = tree({
      "api/todo/v1/todo.proto": "",
      "internal/biz/todo-usecase.ts": "",
      "internal/data/migrations/0002_todo_version.ts": "",
      "test/bench/todo-target.ts": "",
      "test/support/TodoHelpers.ts": "",
      "internal/biz/context.ts": "",
      "README.md": "the todo example",
    });
    expect(exampleFiles(root)).toEqual([
      "api/todo/v1/todo.proto",
      "internal/biz/todo-usecase.ts",
      "internal/data/migrations/0002_todo_version.ts",
      "test/bench/todo-target.ts",
      "test/support/TodoHelpers.ts",
    ]);
  });

  it("leaves out what git ignores (build output, local data) and files already deleted", () => {
    const root = tree({ "dist/internal/biz/todo.js": "", ".data/todo.db": "", "api/todo/v1/todo.proto": "" }, [
      "dist/",
      ".data/",
    ]);
    execFileSync("git", ["add", "-A"], { cwd: root });
    rmSync(join(root, "api/todo/v1/todo.proto"));
    expect(exampleFiles(root)).toEqual([]);
  });
});

describe("withoutExampleExports", () => {
  const registered = [
    "// Every API this service serves, one `export` line each.",
    "export {};",
    'export { todoApi } from "./todo.js";',
    'export { billingApi } from "./billing.js";',
    "",
  ].join("\n");

  it("drops the export lines of the example's modules and keeps the others and the comments", () => {
    expect(withoutExampleExports(registered)).toBe(
      [
        "// Every API this service serves, one `export` line each.",
        "export {};",
        'export { billingApi } from "./billing.js";',
        "",
      ].join("\n"),
    );
  });

  it("changes nothing once the example is unregistered", () => {
    const once = withoutExampleExports(registered);
    expect(withoutExampleExports(once)).toBe(once);
  });

  it("matches the module path, not a name that happens to contain the example's", () => {
    const source = 'export { todoListApi as lists } from "./lists.js";\n';
    expect(withoutExampleExports(source)).toBe(source);
  });
});

describe("withoutBufModule", () => {
  const workspace = readFileSync(new URL("../../buf.yaml", import.meta.url), "utf8");

  it("drops the named module of the real workspace and keeps the others and the comments", () => {
    const result = withoutBufModule(workspace, "api");
    expect(result).not.toMatch(/- path: api\n/);
    expect(result).toContain("- path: third_party");
    expect(result).toContain("- path: tools/testdata");
    expect(result).toContain("# Vendored as published");
  });

  it("leaves a workspace without that module as it is", () => {
    const once = withoutBufModule(workspace, "api");
    expect(withoutBufModule(once, "api")).toBe(once);
  });
});

describe("hasProtos", () => {
  it("finds a .proto at any depth, and none in a missing directory", () => {
    const root = tree({ "api/billing/v1/billing.proto": "", "other/readme.md": "" });
    expect(hasProtos(join(root, "api"))).toBe(true);
    expect(hasProtos(join(root, "other"))).toBe(false);
    expect(hasProtos(join(root, "missing"))).toBe(false);
  });
});
