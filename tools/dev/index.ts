// `make dev`: the service in watch mode. A saved .ts or config file restarts
// it gracefully (the App's stop, then a fresh start); a saved .proto file
// reruns the code generators (`make api`) first. A compile or codegen error
// is printed and the loop keeps watching; a change during a start waits for
// that start to finish, so a server is never left half-started. `--inspect`
// and other Node flags before `--` go to the service's process.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { ConfigSchema } from "../../internal/conf/conf.js";
import { loadConfig } from "../../pkg/config/index.js";
import { watchChanges, type ChangeBatch } from "./changes.js";
import { ServerChild } from "./server-child.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The directories whose files the service is built from. */
const SOURCES = ["api", "cmd", "configs", "internal", "pkg", "third_party"];
const CONFIG = "configs/config.yaml";
/** How long saves must be quiet before they are applied as one batch. */
const QUIET_MS = 100;

const nodeFlags = process.argv.slice(2);
const config = await loadConfig(CONFIG, ConfigSchema);
const server = new ServerChild({
  args: [...nodeFlags, "--import", "tsx", "cmd/server/main.ts", "--conf", CONFIG],
  readyUrl: `http://${config.server.admin.addr.replace(/^(0\.0\.0\.0|\[::\]|::):/, "127.0.0.1:")}/readyz`,
  // The App's own stop timeout, and a little more for the process to exit.
  stopTimeoutMs: config.server.stopTimeout + 2_000,
});

/** Prints a line of the loop itself, apart from the service's log. */
function say(text: string): void {
  process.stderr.write(`\x1b[36m[dev]\x1b[0m ${text}\n`);
}

let busy = false;
let queued: ChangeBatch | undefined;
let stopping = false;

/** Brings the server up to date with a batch of changes; batches arriving meanwhile are merged and run next. */
async function apply(batch: ChangeBatch | undefined): Promise<void> {
  if (busy) {
    queued = merge(queued, batch);
    return;
  }
  busy = true;
  try {
    if (batch) say(`changed: ${batch.files.join(", ")}`);
    if (batch?.proto && !(await codegen())) {
      say("code generation failed (above); the server keeps running the last good code; waiting for a change");
      return;
    }
    if (batch?.proto) {
      // The generators' own output is in this restart; only later saves need another.
      await sleep(QUIET_MS * 2);
      queued = undefined;
    }
    await server.stop();
    if (stopping) return;
    const outcome = await server.start();
    if (outcome.ready) say(`ready in ${outcome.ms} ms; watching ${SOURCES.join(", ")}`);
    else say(`the server exited (code ${outcome.code ?? "none"}) before it was ready; fix the error above and save`);
  } finally {
    busy = false;
    const next = queued;
    queued = undefined;
    if (next && !stopping) void apply(next);
  }
}

function merge(a: ChangeBatch | undefined, b: ChangeBatch | undefined): ChangeBatch | undefined {
  if (!a || !b) return a ?? b;
  return { files: [...new Set([...a.files, ...b.files])].sort(), proto: a.proto || b.proto };
}

/** Runs `make api`, its output on this terminal; whether it succeeded. */
async function codegen(): Promise<boolean> {
  say("running make api");
  const make = spawn("make", ["--no-print-directory", "api"], { cwd: ROOT, stdio: "inherit" });
  const [code] = (await once(make, "exit")) as [number | null];
  return code === 0;
}

const unwatch = watchChanges(ROOT, SOURCES, (batch) => void apply(batch), QUIET_MS);
const shutdown = (): void => {
  if (stopping) return;
  stopping = true;
  void unwatch();
  say("stopping");
  void server.stop().then(() => process.exit(0));
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
await apply(undefined);
