import type pg from "pg";
import type { Component } from "../../pkg/app/index.js";

/**
 * Cancels statements on PostgreSQL backends (`pg_cancel_backend`) from a small
 * pool of its own, so a cancel never waits behind the busy pool it is meant
 * to relieve. A resource; nothing to do on PGlite (empty url).
 */
export class BackendCanceller implements Component {
  readonly name = "database canceller";
  private pool: pg.Pool | undefined;

  constructor(private readonly url: string) {}

  /** Whether statements can be cancelled (PostgreSQL). */
  get enabled(): boolean {
    return this.url !== "";
  }

  async start(): Promise<void> {
    if (this.enabled) {
      // Imported here, not above: a service on PGlite never loads `pg`.
      const { default: pg } = await import("pg");
      this.pool = new pg.Pool({ connectionString: this.url, max: 2, connectionTimeoutMillis: 2_000 });
      this.pool.on("error", () => undefined);
    }
  }

  /** Asks the server to cancel what backend `pid` is running now. */
  async cancel(pid: number): Promise<void> {
    await this.pool?.query("select pg_cancel_backend($1)", [pid]);
  }

  async stop(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }
}
