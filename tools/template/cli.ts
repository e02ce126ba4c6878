import { NameError } from "./names.js";

/** The exit code of a template command refusing its arguments (bad or taken name): nothing was changed. */
export const USAGE_EXIT_CODE = 2;

/**
 * Runs a template command: a refused name (NameError) prints its message and
 * exits 2, any other failure exits 1 with its message.
 */
export async function runCommand(main: () => Promise<void> | void): Promise<void> {
  try {
    await main();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exitCode = err instanceof NameError ? USAGE_EXIT_CODE : 1;
  }
}
