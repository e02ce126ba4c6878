import type pg from "pg";

/**
 * Answers the database's readiness check on a PostgreSQL connection of its
 * own, so the check never queues behind request traffic in a busy pool (a
 * full pool would make a healthy instance unready). A check that fails or is
 * aborted drops the connection; the next one connects afresh, so a hung
 * connection never holds up the checks after it.
 */
export class PostgresProbe {
  private client: Promise<pg.Client> | undefined;

  constructor(private readonly url: string) {}

  /** Runs `select 1`; rejects when the database does not answer, or `signal` aborts first. */
  async ping(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const connecting = (this.client ??= this.connect());
    const drop = () => this.drop(connecting);
    signal.addEventListener("abort", drop, { once: true });
    try {
      await (await connecting).query("select 1");
    } catch (err) {
      drop();
      throw err;
    } finally {
      signal.removeEventListener("abort", drop);
    }
  }

  /** Closes the connection, if any. */
  async close(): Promise<void> {
    const connecting = this.client;
    this.client = undefined;
    await connecting?.then((client) => client.end()).catch(() => undefined);
  }

  private async connect(): Promise<pg.Client> {
    // Imported here: a service on PGlite never loads `pg`.
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 5_000 });
    // A lost connection must not crash the process; the next check reconnects.
    client.on("error", () => undefined);
    await client.connect();
    return client;
  }

  private drop(connecting: Promise<pg.Client>): void {
    if (this.client !== connecting) return;
    this.client = undefined;
    // Ends the socket: a query hung on it fails now, rather than hold up the next check.
    void connecting.then((client) => client.end()).catch(() => undefined);
  }
}
