// The checked-in editor launch configurations point at what exists.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/server-process.js";

interface LaunchConfiguration {
  readonly name: string;
  readonly request: string;
  readonly program?: string;
  readonly port?: number;
}

const launch = JSON.parse(readFileSync(join(ROOT, ".vscode/launch.json"), "utf8")) as {
  configurations: LaunchConfiguration[];
};

describe(".vscode/launch.json", () => {
  it("launches the service's entry point and vitest from paths that exist", () => {
    const programs = launch.configurations.flatMap((config) => (config.program ? [config.program] : []));
    expect(programs).toEqual([
      "${workspaceFolder}/cmd/server/main.ts",
      "${workspaceFolder}/node_modules/vitest/vitest.mjs",
    ]);
    for (const program of programs) expect(existsSync(program.replace("${workspaceFolder}", ROOT)), program).toBe(true);
  });

  it("attaches on the port make debug opens", () => {
    const makefile = readFileSync(join(ROOT, "Makefile"), "utf8");
    const attach = launch.configurations.find((config) => config.request === "attach");
    expect(makefile).toContain(`--inspect=127.0.0.1:${attach?.port}`);
  });
});
