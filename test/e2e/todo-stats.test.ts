// Events reach the stats read model: writes on the deployed service go through
// the outbox and the broker (NATS JetStream in docker-compose) to the consumer
// that keeps GetTodoStats, which follows them within moments.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { TodoServiceClient } from "../../api/todo/v1/todo_grpc.js";
import { GrpcConn } from "../../pkg/transport/grpc/index.js";
import { restTodoApi, type Result } from "../support/todo-api.js";
import { targetOrSkip } from "./target.js";

const target = targetOrSkip("stats");

interface Stats {
  open: number;
  done: number;
}

/** How long the read model may lag behind the writes. */
const CONVERGE_WITHIN_MS = 30_000;

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

describe.skipIf(target === undefined)("the stats read model of the deployed service", () => {
  const rest = restTodoApi(target?.httpUrl ?? "");
  const conn = new GrpcConn(target?.grpcAddr ?? "127.0.0.1:1");
  const grpc = new TodoServiceClient(conn);
  afterAll(() => conn.close());

  async function restStats(): Promise<Stats> {
    const response = await fetch(`${target!.httpUrl}/v1/todos:stats`);
    expect(response.status).toBe(200);
    // int64 is a string in proto3 JSON, and zero is left out.
    const body = (await response.json()) as { openCount?: string; doneCount?: string };
    return { open: Number(body.openCount ?? 0), done: Number(body.doneCount ?? 0) };
  }

  /** Polls until the stats equal `expected`, or (no `expected`) stay the same for 2s; returns the last seen. */
  async function converge(expected: Stats | undefined): Promise<Stats> {
    const deadline = Date.now() + CONVERGE_WITHIN_MS;
    let last = await restStats();
    let unchanged = 0;
    while (Date.now() < deadline) {
      await sleep(500);
      const next = await restStats();
      unchanged = next.open === last.open && next.done === last.done ? unchanged + 1 : 0;
      last = next;
      if (expected === undefined ? unchanged >= 4 : next.open === expected.open && next.done === expected.done) break;
    }
    return last;
  }

  it("counts creates, completions and deletes on REST and gRPC alike", { timeout: 90_000 }, async () => {
    // Earlier writes (other test files) may still be on their way: start from a settled count.
    const before = await converge(undefined);

    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(value(await rest.create({ title: `stats ${i}` })).id as string);
    value(await rest.update({ id: ids[0]!, done: true }, ["done"]));
    value(await rest.delete(ids[1]!));

    const expected = { open: before.open + 1, done: before.done + 1 };
    expect(await converge(expected)).toEqual(expected);
    const viaGrpc = await grpc.getTodoStats({});
    expect({ open: Number(viaGrpc.openCount), done: Number(viaGrpc.doneCount) }).toEqual(expected);
  });
});
