// The house rules that lint enforces (eslint.config.js), proved on code that
// breaks them: each snippet is linted as if it were the named file. An import
// the resolver cannot find is never reported, so the layers whose files a team
// adds (an API's generated code and its service) get a probe module for the
// run: the rules hold whatever APIs the service has, none included.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

/** The rule ids and messages lint reports for `code` as the file at `path` (relative to the repository). */
async function problems(path: string, code: string): Promise<{ ruleId: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${path}` });
  return (result?.messages ?? []).map(({ ruleId, message }) => ({ ruleId, message }));
}

/** The probe modules, one per layer a team's API adds to, relative to the repository. */
const PROBES = { service: "internal/service/lint-probe.ts", api: "api/lint-probe/v1/lint_probe_errors.ts" };

beforeAll(() => {
  for (const path of Object.values(PROBES)) {
    mkdirSync(dirname(`${ROOT}${path}`), { recursive: true });
    writeFileSync(`${ROOT}${path}`, "/** A module for the lint rules test to import. */\nexport const probe = 1;\n");
  }
});

afterAll(() => {
  rmSync(`${ROOT}${PROBES.service}`, { force: true });
  rmSync(`${ROOT}api/lint-probe`, { recursive: true, force: true });
});

const restricted = (message: string) => ({
  ruleId: "import-x/no-restricted-paths",
  message: expect.stringContaining(message),
});

describe("the layer rules", () => {
  it("keep data, server, service and pkg/transport out of biz", async () => {
    for (const [from, name] of [
      ["../data/database.js", "Database"],
      ["../server/middleware.js", "ServerMiddlewareToken"],
      ["../service/lint-probe.js", "probe"],
      ["../../pkg/transport/context.js", "CallContext"],
    ] as const) {
      expect(
        await problems(
          "internal/biz/context.ts",
          `import type { ${name} } from "${from}";\nexport type L = typeof ${name};\n`,
        ),
      ).toEqual([restricted(`Unexpected path "${from}" imported in restricted zone. biz holds the domain`)]);
    }
  });

  it("let biz import its own modules and the API's errors", async () => {
    const code =
      'import { probe } from "../../api/lint-probe/v1/lint_probe_errors.js";\nimport type { UnitOfWork } from "./unit-of-work.js";\nexport type U = UnitOfWork;\nexport const e = probe;\n';
    expect(await problems("internal/biz/context.ts", code)).toEqual([]);
  });

  it("keep the services' code, their APIs and test/ out of pkg, its tests included", async () => {
    expect(
      await problems("pkg/errors/kit.ts", 'export { probe } from "../../api/lint-probe/v1/lint_probe_errors.js";\n'),
    ).toEqual([restricted("pkg is the kit")]);
    expect(
      await problems("pkg/errors/kit.ts", 'export { probe } from "../../internal/service/lint-probe.js";\n'),
    ).toEqual([restricted("pkg is the kit")]);
    expect(
      await problems("pkg/errors/grpc-code.test.ts", 'export { ConfigToken } from "../../internal/conf/conf.js";\n'),
    ).toEqual([restricted("pkg is the kit")]);
    expect(
      await problems(
        "pkg/errors/grpc-code.test.ts",
        'export { eventually } from "../../test/support/eventually.js";\n',
      ),
    ).toEqual([restricted("pkg is the kit")]);
  });

  it("keep test/ out of production code, not out of tests", async () => {
    const hooks = 'export { testDelay } from "../../test/support/test-hooks.js";\n';
    expect(await problems("internal/server/grpc.ts", hooks)).toEqual([
      restricted("production code never imports test/"),
    ]);
    expect(await problems("internal/conf/conf.test.ts", hooks)).toEqual([]);
  });
});

describe("the promise rules", () => {
  it("reject a promise no one awaits or handles", async () => {
    const code = "export function start(run: () => Promise<void>): void {\n  run();\n}\n";
    expect(await problems("pkg/app/app.ts", code)).toEqual([
      {
        ruleId: "@typescript-eslint/no-floating-promises",
        message: expect.stringContaining("Promises must be awaited"),
      },
    ]);
  });

  it("reject an async function where a callback's result is ignored", async () => {
    const code = 'import { EventEmitter } from "node:events";\nnew EventEmitter().on("x", async () => {});\n';
    expect(await problems("test/support/eventually.ts", code)).toEqual([
      { ruleId: "@typescript-eslint/no-misused-promises", message: expect.stringContaining("Promise returned") },
    ]);
  });

  it("accept a promise that is awaited or handled", async () => {
    const code =
      "export async function start(run: () => Promise<void>): Promise<void> {\n  await run();\n  run().catch(() => undefined);\n}\n";
    expect(await problems("pkg/app/app.ts", code)).toEqual([]);
  });
});
