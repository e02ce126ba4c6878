/**
 * Tells a transport's `onError` of `err`, which must not fail the reply or
 * escape the transport: a reporter that throws is ignored.
 */
export function reportError<C>(onError: (err: unknown, ctx: C) => void, err: unknown, ctx: C): void {
  try {
    onError(err, ctx);
  } catch {
    // A failing reporter must not fail the reply.
  }
}
