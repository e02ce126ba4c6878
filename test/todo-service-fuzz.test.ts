// Properties of the whole service (the Todo example, as `make run` wires it):
// whatever a client sends on any port (random paths, query strings, headers,
// JSON bodies, gRPC frames and metadata, raw bytes), the answer is never a
// 5xx or INTERNAL/UNKNOWN, and the service keeps serving.
import fc from "fast-check";
import { Agent, request } from "node:http";
import { connect as connectHttp2, type ClientHttp2Session } from "node:http2";
import { connect as connectTcp } from "node:net";
import { status as GrpcStatus } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TodoServiceClient } from "../api/todo/v1/todo_grpc.js";
import { GrpcConn } from "../pkg/transport/grpc/index.js";
import { grpcFrame, rawGrpcCall } from "../pkg/transport/grpc/testdata/raw-call.js";
import { startService, type RunningService } from "./support/service.js";

const RUNS = { numRuns: 150 };
const SERVER_FAULTS = new Set([GrpcStatus.INTERNAL, GrpcStatus.UNKNOWN, GrpcStatus.DATA_LOSS]);

/** Sends one HTTP/1.1 request as given; resolves with the status. */
function send(url: string, agent: Agent, method: string, path: string, headers: Record<string, string>, body?: Buffer) {
  return new Promise<number>((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const req = request({ host: hostname, port, method, path, headers, agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Writes raw bytes to a port and resolves once the server answers or closes. */
function sendBytes(host: string, port: number, bytes: Uint8Array) {
  return new Promise<string>((resolve) => {
    const socket = connectTcp({ host, port });
    let answer = "";
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString("latin1")));
    socket.on("error", () => resolve(answer));
    socket.on("close", () => resolve(answer));
    socket.setTimeout(2000, () => socket.destroy());
    socket.end(bytes);
  });
}

const pathSegment = fc.oneof(
  fc.constantFrom("v1", "todos", "todos:stats", "%00", "%zz", "%E0%A4%A", "..", ".", "%2F", "a:b"),
  fc.string({ unit: fc.constantFrom(..."abcXYZ019-._~:@!$&'()*+,;=%"), maxLength: 12 }),
);
const path = fc.oneof(
  fc.array(pathSegment, { maxLength: 5 }).map((segments) => `/${segments.join("/")}`),
  pathSegment.map((segment) => `/v1/todos/${segment}`),
  fc.constant("/v1/todos"),
);
const queryText = fc.string({ unit: fc.constantFrom(..."aZ09=&%+-.x_pageSizeToken"), maxLength: 30 });
const headerName = fc.string({ unit: fc.constantFrom(..."abcdefxyz-0123"), minLength: 1, maxLength: 10 });
const headerValue = fc.string({ unit: fc.constantFrom(..." !\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~"), maxLength: 40 });
const headers = fc.dictionary(headerName, headerValue, { maxKeys: 4 });
const json = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc
    .record(
      { title: fc.oneof(fc.string(), fc.jsonValue()), done: fc.jsonValue(), id: fc.string() },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify({ todo: v, ...v })),
  fc.string({ maxLength: 60 }),
);
const bodyBytes = fc.oneof(
  json.map((text) => Buffer.from(text)),
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
);

describe("the Todo service against random input", () => {
  let service: RunningService;
  let agent: Agent;
  let session: ClientHttp2Session;

  beforeAll(async () => {
    service = await startService();
    // A connection per request: a request whose body the server never reads
    // (an unknown route answered at once) ends its connection after the answer.
    agent = new Agent({ keepAlive: false, maxSockets: 4 });
    session = connectHttp2(`http://${service.grpcAddress}`);
    session.setMaxListeners(0);
  });

  afterAll(async () => {
    session.close();
    agent.destroy();
    await service.stop();
  });

  it("answers random REST requests with no 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET", "POST", "PATCH", "DELETE", "PUT", "OPTIONS"),
        path,
        queryText,
        headers,
        fc.option(bodyBytes, { nil: undefined }),
        async (method, p, query, extra, body) => {
          const status = await send(service.httpUrl, agent, method, query === "" ? p : `${p}?${query}`, extra, body);
          expect(status, `${method} ${p}?${query}`).toBeLessThan(500);
        },
      ),
      RUNS,
    );
  });

  it("answers random bodies to the todo routes with no 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("POST /v1/todos", "PATCH /v1/todos/x"), bodyBytes, async (route, body) => {
        const [method = "POST", p = "/"] = route.split(" ");
        const status = await send(service.httpUrl, agent, method, p, { "content-type": "application/json" }, body);
        expect(status, `${route} ${body.toString("latin1")}`).toBeLessThan(500);
      }),
      RUNS,
    );
  });

  it("answers random gRPC frames and metadata with no INTERNAL or UNKNOWN", async () => {
    const paths = fc.constantFrom(
      "/todo.v1.TodoService/GetTodo",
      "/todo.v1.TodoService/CreateTodo",
      "/todo.v1.TodoService/ListTodos",
      "/todo.v1.TodoService/Nope",
      "/grpc.health.v1.Health/Check",
      "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
    );
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 64 }).map((b) => grpcFrame(b)),
      fc.tuple(fc.uint8Array({ maxLength: 32 }), fc.boolean()).map(([b, z]) => grpcFrame(b, z)),
      fc.uint8Array({ maxLength: 32 }),
    );
    const metadata = fc.record(
      {
        "grpc-timeout": fc.oneof(fc.constantFrom("1S", "100m", "abc", "99999999H", ""), headerValue),
        "grpc-encoding": fc.constantFrom("gzip", "deflate", "identity", "br", "x"),
        "x-md-global-tenant": headerValue,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(paths, body, metadata, async (p, bytes, md) => {
        const answer = await rawGrpcCall(service.grpcAddress, p, bytes, md, session);
        expect(answer.httpStatus).toBeLessThan(500);
        expect(SERVER_FAULTS.has(answer.grpcStatus ?? -1), `${p} ${JSON.stringify(md)} → ${answer.grpcMessage}`).toBe(
          false,
        );
      }),
      RUNS,
    );
  });

  it("survives random bytes on every port", async () => {
    const ports = [service.httpUrl, `http://${service.grpcAddress}`, service.adminUrl].map((u) => new URL(u));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ports),
        fc.uint8Array({ minLength: 1, maxLength: 256 }),
        async (url, bytes) => {
          const answer = await sendBytes(url.hostname, Number(url.port), bytes);
          expect(answer).not.toMatch(/^HTTP\/1\.1 5\d\d/);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("keeps serving afterwards, over both transports", async () => {
    const health = await fetch(`${service.adminUrl}/readyz`);
    expect(health.status).toBe(200);
    const created = await fetch(`${service.httpUrl}/v1/todos`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"title":"after"}',
    });
    expect(created.status).toBe(200);
    const conn = new GrpcConn(service.grpcAddress);
    try {
      await expect(new TodoServiceClient(conn).listTodos({})).resolves.toBeDefined();
    } finally {
      conn.close();
    }
  });
});
