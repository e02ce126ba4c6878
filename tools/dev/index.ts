// `make dev`: the service in watch mode. A saved .ts or config file restarts
// it gracefully (the App's stop, then a fresh start) on a development build
// made again incrementally (build.ts); a saved .proto file reruns the code
// generators (`make api`) first. A compile or codegen error is printed and the
// loop keeps watching, the server still running the last good build; a change
// during a start waits for that start to finish, so a server is never left
// half-started. `--inspect` and other Node flags go to the service's process.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { ConfigSchema } from "../../internal/conf/conf.js";
import { loadConfig } from "../../pkg/config/index.js";
import { BUILD_ENTRY, ROOT, createDevBuild, serviceSources, type DevBuild } from "./build.js";
import { watchChanges, type ChangeBatch } from "./changes.js";
import { ServerChild } from "./server-child.js";

/** The directories whose files the service is built from. */
const SOURCES = ["api", "cmd", "configs", "internal", "pkg", "third_party"];
const CONFIG = "configs/config.yaml";
/** How long saves must be quiet before they are applied as one batch. */
const QUIET_MS = 100;

const nodeFlags = process.argv.slice(2);
const config = await loadConfig(CONFIG, ConfigSchema);
const server = new ServerChild({
  args: ["--enable-source-maps", ...nodeFlags, BUILD_ENTRY, "--conf", CONFIG],
  readyUrl: `http://${config.server.admin.addr.replace(/^(0\.0\.0\.0|\[::\]|::):/, "127.0.0.1:")}/readyz`,
  // The App's own stop timeout, and a little more for the process to exit.
  stopTimeoutMs: config.server.stopTimeout + 2_000,
});
let build: DevBuild | undefined;

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
    if (!(await rebuild())) {
      say("the build failed (above); the server keeps running the last good build; waiting for a change");
      return;
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

/** Brings the development build up to date (a new one when files were added or removed); whether it built. */
async function rebuild(): Promise<boolean> {
  const sources = await serviceSources();
  if (build && build.sources.join("\n") !== sources.join("\n")) {
    await build.dispose();
    build = undefined;
  }
  build ??= await createDevBuild();
  const outcome = await build.rebuild();
  for (const message of outcome.messages) process.stderr.write(message);
  return outcome.ok;
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
  void server
    .stop()
    .then(() => build?.dispose())
    .then(() => process.exit(0));
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
await apply(undefined);
