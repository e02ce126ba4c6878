// The data layer under the kit's fixture service: a call's deadline, or its
// client going away, cancels the SQL it is waiting on and rolls its
// transaction back; the pool works afterwards.
import { status as GrpcStatus } from "@grpc/grpc-js";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FixtureServiceClient } from "../tools/testdata/fixture/v1/fixture_grpc.js";
import { NoteCreatedSchema } from "../tools/testdata/fixture/v1/fixture_pb.js";
import { isStrataError } from "../pkg/errors/index.js";
import { GrpcConn } from "../pkg/transport/grpc/index.js";
import { eventually } from "./support/eventually.js";
import { NOTES_TABLE } from "./support/fixture/index.js";
import { startService, type RunningService } from "./support/service.js";

/** The gRPC status code a call failed with. */
async function grpcCode(call: Promise<unknown>): Promise<number> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isStrataError(err)) throw new Error(`expected a StrataError, got ${String(err)}`);
  return (err.cause as { code: number }).code;
}

describe.skipIf(!process.env["DATABASE_URL"])("deadlines and cancellation reach SQL (PostgreSQL)", () => {
  let service: RunningService;
  let conn: GrpcConn;
  let client: FixtureServiceClient;

  beforeAll(async () => {
    service = await startService({}, { apis: "fixture" });
    conn = new GrpcConn(service.grpcAddress);
    client = new FixtureServiceClient(conn);
  });

  afterAll(async () => {
    conn?.close();
    await service?.stop();
  });

  it("ends a 50 ms deadline against a blocked query with DEADLINE_EXCEEDED and cancels the query; so does a client that goes away", async () => {
    const url = new URL(service.config.data.database.url);
    const locker = new pg.Client({ connectionString: url.toString() });
    await locker.connect();
    try {
      const { rows } = await locker.query<{ pid: number }>("select pg_backend_pid() as pid");
      const lockerPid = rows[0]!.pid;
      await locker.query("begin");
      await locker.query(`lock table ${NOTES_TABLE} in access exclusive mode`);
      const blocked = async () => {
        const result = await locker.query<{ n: string }>(
          "select count(*) as n from pg_stat_activity where $1 = any(pg_blocking_pids(pid))",
          [lockerPid],
        );
        return Number(result.rows[0]!.n);
      };
      const code = await grpcCode(client.getNote({ id: "blocked" }, { timeout: 50 }));
      expect(code).toBe(GrpcStatus.DEADLINE_EXCEEDED);
      // The query waiting for the lock was cancelled on the server, not left behind.
      await eventually(async () => expect(await blocked()).toBe(0));

      // A client that goes away (499 CANCELLED on the server) cancels its transaction's statement too.
      const title = `cancelled ${Date.now()}`;
      const controller = new AbortController();
      const request = fetch(`${service.httpUrl}/v1/notes`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ title }),
        signal: controller.signal,
      }).catch((err: unknown) => err);
      await eventually(async () => expect(await blocked()).toBe(1)); // its INSERT waits for the lock
      controller.abort();
      expect(await request).toMatchObject({ name: "AbortError" });
      await eventually(async () => expect(await blocked()).toBe(0));
      await locker.query("rollback");
      // Rolled back: the cancelled create wrote nothing, neither the row nor its event.
      const db = service.data.database.db;
      expect(await db.selectFrom(NOTES_TABLE).select("id").where("title", "=", title).execute()).toEqual([]);
      const events = await db
        .selectFrom("strata_outbox")
        .select("id")
        .where("type", "=", NoteCreatedSchema.typeName)
        .execute();
      expect(events).toEqual([]);
    } finally {
      await locker.end();
    }
    // The pool still works afterwards.
    const after = await client.createNote({ note: { title: "after" } });
    expect((await client.getNote({ id: after.id })).title).toBe("after");
  });
});

if (!process.env["DATABASE_URL"]) {
  console.warn("skipping the statement cancellation test: it needs DATABASE_URL (PostgreSQL)");
}
