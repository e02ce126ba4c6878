import { status as GrpcStatus } from "@grpc/grpc-js";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TodoServiceClient } from "../api/todo/v1/todo_grpc.js";
import { isStrataError } from "../pkg/errors/index.js";
import { GrpcConn } from "../pkg/transport/grpc/index.js";
import { startService, type RunningService } from "./support/service.js";
import { eventually } from "./support/eventually.js";

const database = process.env["DATABASE_URL"] ? "PostgreSQL" : "PGlite";
const cache = process.env["REDIS_URL"] ? "Redis" : "LRU";

/** A REST call's status and JSON body. */
async function rest(base: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? null : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The gRPC status code a call failed with. */
async function grpcCode(call: Promise<unknown>): Promise<number> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isStrataError(err)) throw new Error(`expected a StrataError, got ${String(err)}`);
  return (err.cause as { code: number }).code;
}

describe(`data layer (${database}, ${cache})`, () => {
  let service: RunningService;
  let conn: GrpcConn;
  let client: TodoServiceClient;

  beforeAll(async () => {
    service = await startService();
    conn = new GrpcConn(service.grpcAddress);
    client = new TodoServiceClient(conn);
  });

  afterAll(async () => {
    conn.close();
    await service.stop();
  });

  it("gives every todo an etag that changes on update; a stale etag is 409 TODO_ETAG_MISMATCH / ABORTED", async () => {
    const created = await rest(service.httpUrl, "POST", "/v1/todos", { title: "etag me" });
    const id = created.body["id"] as string;
    const etag = created.body["etag"] as string;
    expect(etag).toEqual(expect.any(String));
    expect(etag).not.toBe("");

    const updated = await rest(service.httpUrl, "PATCH", `/v1/todos/${id}?updateMask=title`, { title: "v2", etag });
    expect(updated.status).toBe(200);
    expect(updated.body["etag"]).not.toBe(etag);

    const stale = await rest(service.httpUrl, "PATCH", `/v1/todos/${id}?updateMask=title`, { title: "lost", etag });
    expect(stale).toMatchObject({ status: 409, body: { code: 409, reason: "TODO_ETAG_MISMATCH" } });
    expect(
      await grpcCode(client.updateTodo({ todo: { id, title: "lost", etag }, updateMask: { paths: ["title"] } })),
    ).toBe(GrpcStatus.ABORTED);
    const staleDelete = await rest(service.httpUrl, "DELETE", `/v1/todos/${id}?etag=${encodeURIComponent(etag)}`);
    expect(staleDelete).toMatchObject({ status: 409, body: { reason: "TODO_ETAG_MISMATCH" } });
    expect(await grpcCode(client.deleteTodo({ id, etag }))).toBe(GrpcStatus.ABORTED);

    // Nothing changed by the rejected calls; the current etag works.
    expect((await rest(service.httpUrl, "GET", `/v1/todos/${id}`)).body).toEqual(updated.body);
    const current = updated.body["etag"] as string;
    expect((await rest(service.httpUrl, "DELETE", `/v1/todos/${id}?etag=${current}`)).status).toBe(200);
  });

  it("never serves a cached todo older than a write that has returned", async () => {
    const created = await rest(service.httpUrl, "POST", "/v1/todos", { title: "v0" });
    const id = created.body["id"] as string;
    for (let i = 1; i <= 30; i++) {
      await rest(service.httpUrl, "GET", `/v1/todos/${id}`); // fills the cache
      const updated = await rest(service.httpUrl, "PATCH", `/v1/todos/${id}?updateMask=title`, { title: `v${i}` });
      expect(updated.status).toBe(200);
      expect((await rest(service.httpUrl, "GET", `/v1/todos/${id}`)).body).toEqual(updated.body);
    }
    await rest(service.httpUrl, "DELETE", `/v1/todos/${id}`);
    expect((await rest(service.httpUrl, "GET", `/v1/todos/${id}`)).status).toBe(404);
  });

  it("serves GetTodoStats (GET /v1/todos:stats) from the read model the consumer keeps", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await client.createTodo({ todo: { title: `stat ${i}` } })).id);
    await client.updateTodo({ todo: { id: ids[0]!, done: true }, updateMask: { paths: ["done"] } });
    await client.updateTodo({ todo: { id: ids[1]!, done: true }, updateMask: { paths: ["done"] } });
    await client.deleteTodo({ id: ids[2]! });
    await client.deleteTodo({ id: ids[1]! });
    // Eventually consistent: once the events are consumed, the read model equals the table.
    const rows = await service.data.database.db.selectFrom("todos").select("done").execute();
    const done = rows.filter((row) => row.done).length;
    expect(done).toBeGreaterThanOrEqual(1);
    const expected = { openCount: String(rows.length - done), doneCount: String(done) };
    await eventually(async () => {
      expect((await rest(service.httpUrl, "GET", "/v1/todos:stats")).body).toEqual(expected);
    });
  });

  it("ends a 50 ms deadline against a blocked query with DEADLINE_EXCEEDED and cancels the query; so does a client that goes away", async (ctx) => {
    if (!process.env["DATABASE_URL"]) {
      console.log("skipped: statement cancellation needs PostgreSQL (DATABASE_URL is not set)");
      ctx.skip();
    }
    const url = new URL(service.config.data.database.url);
    const locker = new pg.Client({ connectionString: url.toString() });
    await locker.connect();
    try {
      const { rows } = await locker.query<{ pid: number }>("select pg_backend_pid() as pid");
      const lockerPid = rows[0]!.pid;
      await locker.query("begin");
      await locker.query("lock table todos in access exclusive mode");
      const blocked = async () => {
        const result = await locker.query<{ n: string }>(
          "select count(*) as n from pg_stat_activity where $1 = any(pg_blocking_pids(pid))",
          [lockerPid],
        );
        return Number(result.rows[0]!.n);
      };
      const code = await grpcCode(client.listTodos({ pageSize: 10 }, { timeout: 50 }));
      expect(code).toBe(GrpcStatus.DEADLINE_EXCEEDED);
      // The query waiting for the lock was cancelled on the server, not left behind.
      await eventually(async () => expect(await blocked()).toBe(0));

      // A client that goes away (499 CANCELLED on the server) cancels its transaction's statement too.
      const title = `cancelled ${Date.now()}`;
      const controller = new AbortController();
      const request = fetch(`${service.httpUrl}/v1/todos`, {
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
      // Rolled back: the cancelled create wrote nothing, neither the todo nor its event.
      const written = await service.data.database.db
        .selectFrom("todos")
        .select("id")
        .where("title", "=", title)
        .execute();
      expect(written).toEqual([]);
    } finally {
      await locker.end();
    }
    // The pool still works afterwards.
    expect((await client.listTodos({ pageSize: 1 })).todos.length).toBeGreaterThanOrEqual(0);
  });
});
