import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { REGISTRY } from "./outputs.js";
import type { NewApiPlan } from "./plan.js";

/**
 * Writes a planned API into `root`: each file only if it does not exist (the
 * write fails rather than overwrite), then its line appended to REGISTRY.
 */
export function writeNewApi(root: string, plan: NewApiPlan): void {
  for (const { path, content } of plan.files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content, { flag: "wx" });
  }
  const registry = join(root, REGISTRY);
  const text = readFileSync(registry, "utf8");
  appendFileSync(registry, `${text === "" || text.endsWith("\n") ? "" : "\n"}${plan.registration}`);
}
