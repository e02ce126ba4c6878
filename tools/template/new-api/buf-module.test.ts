import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { withBufModule } from "./buf-module.js";

describe("withBufModule", () => {
  const workspace = readFileSync(new URL("../../../buf.yaml", import.meta.url), "utf8");
  const withoutApi = workspace.replace(/^ {2}- path: api\n/m, "");

  it("puts the module back first, keeping the others and the comments", () => {
    expect(withoutApi).not.toContain("- path: api\n");
    expect(withBufModule(withoutApi, "api")).toBe(workspace);
  });

  it("leaves a workspace that has the module as it is", () => {
    expect(withBufModule(workspace, "api")).toBe(workspace);
  });
});
