import { sql, type Kysely } from "kysely";
import { transactionOf, withTransaction, type CommitHook, type DataContext } from "./context.js";
import { abortError, toDataError } from "./sql-errors.js";

/** Options of {@link UnitOfWork}; defaults in {@link UNIT_OF_WORK_DEFAULTS}. */
export interface UnitOfWorkOptions<DB> {
  /** The query builder of the started database. */
  db: () => Kysely<DB>;
  /**
   * Cancels the statement running on a server backend (PostgreSQL:
   * `pg_cancel_backend`). Undefined where statements cannot be cancelled
   * (PGlite runs in-process): there, an aborted call stops before its next statement.
   */
  cancelBackend?: ((pid: number) => Promise<void>) | undefined;
  /** Told of a commit hook that threw: the commit stands, the hook's failure is only reported. */
  onHookError?: (err: unknown) => void;
}

/** The defaults of {@link UnitOfWorkOptions}. */
export const UNIT_OF_WORK_DEFAULTS = {
  onHookError: (err: unknown) => console.error("commit hook failed", err),
} as const;

/**
 * Transactions that use cases start without knowing SQL, and that repositories
 * join through the context: `run(ctx, fn)` opens a transaction, hands `fn` a
 * context carrying it, commits when `fn` resolves (then runs the commit hooks)
 * and rolls back when it throws. A `run` inside a `run` joins the outer one.
 *
 * Every statement follows `ctx.signal`: when it aborts, the statement running
 * on the server is cancelled and the call fails with 504 DEADLINE_EXCEEDED or
 * 499 CANCELLED; a lost connection fails it with 503 UNAVAILABLE.
 */
export class UnitOfWork<DB> {
  private readonly db: () => Kysely<DB>;
  private readonly cancelBackend: ((pid: number) => Promise<void>) | undefined;
  private readonly onHookError: (err: unknown) => void;

  constructor(options: UnitOfWorkOptions<DB>) {
    this.db = options.db;
    this.cancelBackend = options.cancelBackend;
    this.onHookError = options.onHookError ?? UNIT_OF_WORK_DEFAULTS.onHookError;
  }

  /** Runs `fn` in a transaction (or the one `ctx` already carries) and returns what it returns. */
  async run<C extends DataContext, T>(ctx: C, fn: (ctx: C) => Promise<T>): Promise<T> {
    if (transactionOf(ctx)) return fn(ctx);
    if (ctx.signal.aborted) throw abortError(ctx.signal);
    const hooks: CommitHook[] = [];
    let result: T;
    try {
      result = await this.db()
        .transaction()
        .execute((trx) =>
          this.guard(ctx, trx, async () => {
            const value = await fn(withTransaction(ctx, { db: trx as unknown as Kysely<unknown>, hooks }));
            // Answered already (deadline, client gone): roll back rather than commit behind the caller's back.
            if (ctx.signal.aborted) throw abortError(ctx.signal);
            return value;
          }),
        );
    } catch (err) {
      throw toDataError(err, ctx.signal);
    }
    for (const hook of hooks) {
      try {
        await hook();
      } catch (err) {
        this.onHookError(err);
      }
    }
    return result;
  }

  /**
   * Runs statements built with `db`: inside the context's transaction when it
   * carries one, else on a connection of their own. Repositories call this.
   */
  async query<T>(ctx: DataContext, fn: (db: Kysely<DB>) => Promise<T>): Promise<T> {
    if (ctx.signal.aborted) throw abortError(ctx.signal);
    const tx = transactionOf(ctx);
    try {
      if (tx) return await fn(tx.db as unknown as Kysely<DB>);
      if (this.cancelBackend === undefined) return await fn(this.db());
      return await this.db()
        .connection()
        .execute((conn) => this.guard(ctx, conn, () => fn(conn)));
    } catch (err) {
      throw toDataError(err, ctx.signal);
    }
  }

  /** Runs `hook` once the context's transaction commits; at once when it carries none (nothing to wait for). */
  async afterCommit(ctx: DataContext, hook: CommitHook): Promise<void> {
    const tx = transactionOf(ctx);
    if (tx) tx.hooks.push(hook);
    else await hook();
  }

  /** Runs `work` on one connection, cancelling its running statement if `ctx.signal` aborts meanwhile. */
  private async guard<T>(ctx: DataContext, conn: Kysely<DB>, work: () => Promise<T>): Promise<T> {
    const cancelBackend = this.cancelBackend;
    if (cancelBackend === undefined) return work();
    const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(conn);
    const pid = rows[0]?.pid;
    if (pid === undefined) return work();
    let cancelling: Promise<void> | undefined;
    const onAbort = () => {
      cancelling = cancelBackend(pid).catch(() => undefined);
    };
    ctx.signal.addEventListener("abort", onAbort, { once: true });
    try {
      if (ctx.signal.aborted) throw abortError(ctx.signal);
      return await work();
    } finally {
      ctx.signal.removeEventListener("abort", onAbort);
      // The connection goes back to the pool after this: a late cancel must not hit its next user.
      if (cancelling) await cancelling;
    }
  }
}
