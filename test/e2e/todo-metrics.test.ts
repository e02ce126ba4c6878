// The deployed Todo example's requests in the Prometheus metrics on the admin
// port: one request family for both transports, by kind, operation, code and reason.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { grpcTodoApi, restTodoApi } from "../support/todo-api.js";
import { targetOrSkip } from "./target.js";

const target = targetOrSkip("todo metrics");

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments skipped). */
function samples(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match || line.startsWith("#")) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
    out.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return out;
}

describe.skipIf(target === undefined)("metrics of the deployed service", () => {
  const rest = restTodoApi(target?.httpUrl ?? "");
  const grpc = grpcTodoApi(target?.grpcAddr ?? "127.0.0.1:1");
  afterAll(() => grpc.close());

  it("counts REST and gRPC requests by kind, operation, code and reason, with durations", async () => {
    await rest.create({ title: `metrics ${randomUUID()}` });
    await grpc.get("does-not-exist");

    const response = await fetch(`${target!.adminUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const all = samples(await response.text());
    const requests = all.filter((s) => s.name.endsWith("server_requests_code_total"));
    expect(requests).toContainEqual(
      expect.objectContaining({
        labels: expect.objectContaining({ kind: "http", operation: "/todo.v1.TodoService/CreateTodo", code: "200" }),
        value: expect.any(Number),
      }),
    );
    expect(requests).toContainEqual(
      expect.objectContaining({
        labels: expect.objectContaining({
          kind: "grpc",
          operation: "/todo.v1.TodoService/GetTodo",
          reason: "TODO_NOT_FOUND",
        }),
      }),
    );
    expect(requests.every((s) => s.value > 0)).toBe(true);
    const buckets = all.filter((s) => s.name.endsWith("server_requests_seconds_bucket"));
    expect(buckets.map((s) => s.labels.kind)).toEqual(expect.arrayContaining(["http", "grpc"]));
  });
});
