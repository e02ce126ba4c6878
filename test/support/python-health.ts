import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { ROOT } from "./server-process.js";
import { LineWaiters } from "./line-waiters.js";

/** The Python with grpcio and protobuf (Debian: python3-grpcio python3-protobuf). */
export const PYTHON = "/usr/bin/python3";

/** Why the Python gRPC client cannot run here, or undefined when it can. */
export function missingPythonGrpc(): string | undefined {
  const probe = spawnSync(PYTHON, ["-c", "import grpc, google.protobuf"], { stdio: "ignore" });
  if (probe.status !== 0) return "python3 with grpcio and protobuf (apt: python3-grpcio python3-protobuf)";
  for (const tool of ["protoc", "grpc_python_plugin"]) {
    if (spawnSync("which", [tool], { stdio: "ignore" }).status !== 0) {
      return `${tool} (apt: protobuf-compiler protobuf-compiler-grpc)`;
    }
  }
  return undefined;
}

/**
 * Compiles .proto files (names relative to the include directories, which are
 * relative to the repository root) into Python message and grpcio stub modules
 * in a new temp dir, and returns it.
 */
export function generatePython(includeDirs: readonly string[], protos: readonly string[]): string {
  const out = mkdtempSync(join(tmpdir(), "grpc-py-"));
  execFileSync("protoc", [
    ...includeDirs.map((dir) => `-I${join(ROOT, dir)}`),
    `--python_out=${out}`,
    `--plugin=protoc-gen-grpc_python=${execFileSync("which", ["grpc_python_plugin"]).toString().trim()}`,
    `--grpc_python_out=${out}`,
    ...protos,
  ]);
  return out;
}

/** Generates the grpc.health.v1 Python modules (from grpc-health-check's health.proto) into a new temp dir. */
export function generateHealthPython(): string {
  return generatePython(["node_modules/grpc-health-check/proto"], ["health/v1/health.proto"]);
}

/** One line test/interop/health_watch.py printed, with when this process read it. */
export interface PythonHealthLine {
  readonly at: number;
  readonly check?: string;
  readonly watch?: string;
  readonly end?: string;
  readonly details?: string;
}

/** test/interop/health_watch.py running against a server: Check, then Watch until the stream ends. */
export class PythonHealthWatch {
  /** Every line so far. */
  readonly lines: PythonHealthLine[] = [];
  /** Standard error so far. */
  stderr = "";
  /** Resolves with the exit code once the script has exited. */
  readonly exited: Promise<number | null>;
  readonly #child: ChildProcess;
  readonly #waiters: LineWaiters<PythonHealthLine>;

  /** Starts the script with the modules `generateHealthPython` made, against the server at `address`. */
  constructor(generated: string, address: string, timeoutSeconds = 60) {
    this.#child = spawn(
      PYTHON,
      [join(ROOT, "test/interop/health_watch.py"), generated, address, String(timeoutSeconds)],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let exited = false;
    this.#waiters = new LineWaiters({
      lines: () => this.lines,
      ended: () => (exited || this.#child.exitCode !== null ? "health_watch.py exited first" : undefined),
      failure: (problem) => new Error(`${problem}: ${this.describe()}`),
    });
    let partial = "";
    this.#child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      const at = performance.now();
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() ?? "";
      for (const text of lines) {
        if (text.trim() !== "") this.lines.push({ at, ...(JSON.parse(text) as Omit<PythonHealthLine, "at">) });
      }
      this.#waiters.notify();
    });
    this.#child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => {
      this.#child.once("close", (code: number | null) => {
        exited = true;
        resolve(code);
        this.#waiters.notify();
      });
    });
  }

  /** Resolves with the first line `match` accepts; rejects if the script exits first or after `timeoutMs`. */
  waitFor(match: (line: PythonHealthLine) => boolean, timeoutMs = 30_000): Promise<PythonHealthLine> {
    return this.#waiters.waitFor(match, timeoutMs, "line");
  }

  /** Ends the script if it still runs. */
  kill(): void {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill("SIGKILL");
  }

  /** What it printed, for failure messages. */
  describe(): string {
    return `${JSON.stringify(this.lines)} stderr: ${this.stderr}`;
  }
}
