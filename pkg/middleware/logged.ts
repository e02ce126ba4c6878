// Errors already written to the log with their stack, so no outer layer writes them again.
const logged = new WeakSet<object>();

/** Records that `err` has been logged with its stack. */
export function markLogged(err: unknown): void {
  if (typeof err === "object" && err !== null) logged.add(err);
}

/** Whether `err` has already been logged with its stack (by the access log). */
export function wasLogged(err: unknown): boolean {
  return typeof err === "object" && err !== null && logged.has(err);
}
