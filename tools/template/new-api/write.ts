import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { BUF_WORKSPACE } from "./buf-module.js";
import { REGISTRY } from "./outputs.js";
import type { NewApiPlan } from "./plan.js";

/**
 * Writes a planned API into `root`: each file only if it does not exist (the
 * write fails rather than overwrite), then its line appended to REGISTRY and
 * the api module put back in BUF_WORKSPACE if it had none.
 */
export function writeNewApi(root: string, plan: NewApiPlan): void {
  for (const { path, content } of plan.files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content, { flag: "wx" });
  }
  const registry = join(root, REGISTRY);
  const text = readFileSync(registry, "utf8");
  appendFileSync(registry, `${text === "" || text.endsWith("\n") ? "" : "\n"}${plan.registration}`);
  if (plan.workspace !== undefined) writeFileSync(join(root, BUF_WORKSPACE), plan.workspace);
}
