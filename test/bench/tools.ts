// The programs `make bench` runs outside Node.js, and how to get them.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Each program and the Debian package that ships it. */
const TOOLS: Readonly<Record<string, string>> = { wrk: "wrk", h2load: "nghttp2-client", taskset: "util-linux" };

/** Throws, naming the `apt-get install` line, when wrk, h2load or taskset is missing. */
export async function requireTools(): Promise<void> {
  const missing: string[] = [];
  for (const tool of Object.keys(TOOLS)) {
    try {
      await run("sh", ["-c", `command -v ${tool}`]);
    } catch {
      missing.push(tool);
    }
  }
  if (missing.length > 0) {
    const packages = [...new Set(missing.map((tool) => TOOLS[tool]))].join(" ");
    throw new Error(`make bench needs ${missing.join(", ")}: install with \`apt-get install ${packages}\``);
  }
}
