// The Todo example's data rules on the whole service: etags, its cache never
// older than a write, and the todo_stats read model its consumer keeps.
import { status as GrpcStatus } from "@grpc/grpc-js";
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

describe(`the Todo example's data (${database}, ${cache})`, () => {
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
});
