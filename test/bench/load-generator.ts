// Running a C load generator (wrk, h2load) on its own CPU and reading its report.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** What one load run achieved. */
export interface LoadResult {
  /** Completed requests per second. */
  readonly rate: number;
  /** Completed requests. */
  readonly requests: number;
}

/** Runs `command args` pinned to `cpu` and returns its standard output. */
export async function runPinned(cpu: number, command: string, args: readonly string[]): Promise<string> {
  const { stdout } = await run("taskset", ["-c", String(cpu), command, ...args], { maxBuffer: 1 << 20 });
  return stdout;
}

/** The first capture group of `pattern` in `output` as a number; throws showing the output when it is absent. */
export function numberIn(output: string, pattern: RegExp, what: string): number {
  const match = pattern.exec(output)?.[1];
  if (match === undefined) throw new Error(`no ${what} in the load generator's output:\n${output}`);
  return Number(match);
}
