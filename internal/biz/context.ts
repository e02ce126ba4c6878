/**
 * The context a use case or repository call runs in: the caller's signal,
 * which carries its deadline and cancellation down to the database. Any
 * transport's call context is one; biz asks for nothing more of it.
 */
export interface Context {
  /** Aborts when the caller's deadline passes or it goes away. */
  readonly signal: AbortSignal;
}
