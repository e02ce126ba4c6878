import { create, createRegistry, fromBinary, toBinary } from "@bufbuild/protobuf";
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { Client, credentials, status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { randomBytes } from "node:crypto";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import {
  errorEchoBroken,
  errorEchoRefused,
  errorQuotaReasonQuotaUnavailable,
  errorQuotaReasonTooManyEchoes,
  isEchoBroken,
  isEchoRefused,
} from "../../../tools/testdata/echo/v1/echo_errors.js";
import { EchoServiceClient, registerEchoServiceGrpc } from "../../../tools/testdata/echo/v1/echo_grpc.js";
import { EchoRequestSchema, EchoResponseSchema, EchoService } from "../../../tools/testdata/echo/v1/echo_pb.js";
import { StrataError } from "../../errors/error.js";
import { fromGrpcStatus, GRPC_STATUS_DETAILS_KEY } from "../../errors/grpc-status.js";
import { validationFailed } from "../../errors/kit.js";
import { file_google_rpc_error_details } from "../../gen/google/rpc/error_details_pb.js";
import { StatusSchema } from "../../gen/google/rpc/status_pb.js";
import { logging } from "../../middleware/logging.js";
import type { Middleware } from "../../middleware/middleware.js";
import type { CallContext } from "../context.js";
import type { ServiceImpl } from "../service.js";
import { GrpcConn } from "./conn.js";
import type { GrpcServerOptions } from "./options.js";
import { GrpcServer } from "./server.js";
import { deferred, streamingService } from "./testdata/helpers.js";
import { grpcFrame, rawGrpcCall } from "./testdata/raw-call.js";

type EchoImpl = ServiceImpl<typeof EchoService>;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Serves `echo` on 127.0.0.1, a free port, and returns a generated client of it. */
async function serve(echo: EchoImpl["echo"], options: Partial<GrpcServerOptions> = {}) {
  const server = new GrpcServer({ addr: "127.0.0.1:0", onError: () => undefined, ...options });
  registerEchoServiceGrpc(server, {
    echo,
    echoWithAnExceptionallyLongMethodName: async (req) => ({ message: req.message }),
  });
  await server.start();
  const conn = new GrpcConn(server.address);
  cleanups.push(() => server.stop(100));
  cleanups.push(() => conn.close());
  return { server, conn, client: new EchoServiceClient(conn) };
}

/** A plain grpc-js client, as a service written in another language would call. */
function foreignClient(address: string): Client {
  const client = new Client(address, credentials.createInsecure());
  cleanups.push(() => client.close());
  return client;
}

function rawCall(client: Client, body: Buffer): Promise<ServiceError | Buffer> {
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      "/echo.v1.EchoService/Echo",
      (bytes: Buffer) => bytes,
      (bytes: Buffer) => bytes,
      body,
      (err, reply) => resolve(err ?? (reply as Buffer)),
    );
  });
}

/** An implementation that waits for the call's signal to abort and reports it. */
function waitForAbort() {
  const entered = deferred();
  const aborted = deferred<{ reason: unknown; ctx: CallContext }>();
  const echo: EchoImpl["echo"] = (_req, ctx) => {
    entered.resolve();
    return new Promise((_, reject) => {
      ctx.signal.addEventListener("abort", () => {
        aborted.resolve({ reason: ctx.signal.reason, ctx });
        reject(ctx.signal.reason);
      });
    });
  };
  return { echo, entered: entered.promise, aborted: aborted.promise };
}

describe("GrpcServer with the generated client", () => {
  it("serves a call through the middleware, with metadata in and headers out", async () => {
    const seen: CallContext[] = [];
    const middleware: Middleware = (next) => async (req, ctx) => {
      seen.push(ctx);
      return next(req, ctx);
    };
    const { client } = await serve(
      async (req, ctx) => {
        ctx.responseHeader.set("x-served-by", "echo");
        return { message: `${req.message} from ${ctx.requestHeader.get("x-tenant")}` };
      },
      { middleware },
    );

    let header: Headers | undefined;
    const reply = await client.echo(
      { message: "hi" },
      {
        headers: { "x-tenant": "acme", "x-trace-bin": Buffer.from([1, 2, 3]).toString("base64") },
        onHeader: (h) => (header = h),
      },
    );

    expect(reply.$typeName).toBe("echo.v1.EchoResponse");
    expect(reply.message).toBe("hi from acme");
    expect(header?.get("x-served-by")).toBe("echo");
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      kind: "grpc",
      operation: "/echo.v1.EchoService/Echo",
      deadline: expect.any(Number),
    });
    expect(seen[0].method).toBe(EchoService.method.echo);
    expect(seen[0].requestHeader.get("x-trace-bin")).toBe(Buffer.from([1, 2, 3]).toString("base64"));
  });

  it.each([
    ["a 403 reason", errorEchoRefused("not today", { word: "hi" })],
    ["a reason without a code (500)", errorEchoBroken("the chamber cracked")],
    ["a default_code reason (429)", errorQuotaReasonTooManyEchoes("slow down", { retryAfter: "1s" })],
    ["a reason with its own code (503)", errorQuotaReasonQuotaUnavailable("quota service down")],
    ["a kit reason", validationFailed("message", "message must not be empty")],
    ["a 409", new StrataError(409, "ECHO_TAKEN", "taken")],
    ["a 499", new StrataError(499, "GAVE_UP", "gave up")],
  ])("rebuilds %s on the client with the code, reason, message and metadata raised", async (_, raised) => {
    const { client } = await serve(async () => {
      throw raised;
    });
    const err = await client.echo({ message: "hi" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StrataError);
    expect((err as StrataError).toJSON()).toEqual(raised.toJSON());
  });

  it("makes the generated predicates work on what the client receives", async () => {
    const { client } = await serve(async () => {
      throw errorEchoRefused("no");
    });
    const err = await client.echo({ message: "hi" }).catch((e: unknown) => e);
    expect(isEchoRefused(err)).toBe(true);
    expect(isEchoBroken(err)).toBe(false);
  });

  it("sends ErrorInfo in grpc-status-details-bin, decodable by a client that is not ours", async () => {
    const { server } = await serve(async () => {
      throw errorEchoRefused("not today", { word: "hi" });
    });
    const body = Buffer.from(toBinary(EchoRequestSchema, create(EchoRequestSchema, { message: "hi" })));
    const err = (await rawCall(foreignClient(server.address), body)) as ServiceError;

    expect(err.code).toBe(GrpcStatus.PERMISSION_DENIED);
    expect(err.details).toBe("not today");
    const bin = err.metadata.get(GRPC_STATUS_DETAILS_KEY)[0] as Buffer;
    const status = fromBinary(StatusSchema, bin);
    expect(status).toMatchObject({ code: GrpcStatus.PERMISSION_DENIED, message: "not today" });
    expect(status.details[0].typeUrl).toBe("type.googleapis.com/google.rpc.ErrorInfo");
    const info = anyUnpack(status.details[0], createRegistry(file_google_rpc_error_details));
    expect(info).toMatchObject({ reason: "ECHO_REFUSED", domain: "echo.v1", metadata: { word: "hi" } });
  });

  it("aborts ctx.signal at the client's deadline, and the client gets DEADLINE_EXCEEDED", async () => {
    const { echo, aborted } = waitForAbort();
    const { client } = await serve(echo, { timeout: 0 });
    const started = Date.now();

    const err = await client.echo({ message: "hi" }, { timeout: 150 }).catch((e: unknown) => e);

    expect(err).toMatchObject({ code: 504, reason: "DEADLINE_EXCEEDED" });
    const { reason, ctx } = await aborted;
    expect(reason).toMatchObject({ code: 504, reason: "DEADLINE_EXCEEDED" });
    expect(ctx.deadline).toBeGreaterThanOrEqual(started + 100);
    expect(ctx.deadline).toBeLessThanOrEqual(started + 1000);
  });

  it("applies the server's timeout when the client sends no deadline", async () => {
    const { echo, aborted } = waitForAbort();
    const { client } = await serve(echo, { timeout: 100 });

    const err = await client.echo({ message: "hi" }).catch((e: unknown) => e);

    expect(err).toMatchObject({ code: 504, reason: "DEADLINE_EXCEEDED" });
    expect((await aborted).reason).toMatchObject({ code: 504 });
  });

  it("replies at the deadline even when the handler ignores its signal", async () => {
    const { client } = await serve(() => new Promise(() => undefined), { timeout: 100 });
    await expect(client.echo({ message: "hi" })).rejects.toMatchObject({ code: 504, reason: "DEADLINE_EXCEEDED" });
  });

  it("aborts ctx.signal when the client cancels", async () => {
    const { echo, entered, aborted } = waitForAbort();
    const { client } = await serve(echo);
    const controller = new AbortController();

    const call = client.echo({ message: "hi" }, { signal: controller.signal }).catch((e: unknown) => e);
    await entered;
    controller.abort();

    expect(await call).toMatchObject({ code: 499, reason: "CANCELLED" });
    expect((await aborted).reason).toMatchObject({ code: 499, reason: "CANCELLED" });
  });

  it("does not call at all with a signal already aborted", async () => {
    let called = false;
    const { client } = await serve(async (req) => {
      called = true;
      return { message: req.message };
    });
    await expect(client.echo({ message: "hi" }, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 499,
    });
    expect(called).toBe(false);
  });

  it("answers a plain Error with INTERNAL and a generic message, leaving its report to the chain", async () => {
    const reported: unknown[] = [];
    const secret = new Error("password=hunter2");
    const { client } = await serve(
      async () => {
        throw secret;
      },
      { onError: (err) => reported.push(err) },
    );

    const err = await client.echo({ message: "hi" }).catch((e: unknown) => e);

    expect((err as StrataError).toJSON()).toEqual({
      code: 500,
      reason: "INTERNAL",
      message: "internal error",
      metadata: {},
    });
    const status = (err as StrataError).cause as ServiceError;
    expect(status.code).toBe(GrpcStatus.INTERNAL);
    expect(JSON.stringify(status.metadata.toJSON())).not.toMatch(/hunter2|\.ts:\d+/);
    expect(reported).toEqual([]);
  });

  it("answers bytes that are not the request message with INVALID_ARGUMENT and keeps serving", async () => {
    const failures: unknown[] = [];
    const middleware: Middleware = (next) => (req, ctx) =>
      next(req, ctx).catch((err: unknown) => {
        failures.push([ctx.operation, req, (err as StrataError).reason]);
        throw err;
      });
    const { server, client } = await serve(async (req) => ({ message: req.message }), { middleware });
    // Wire type 7 does not exist: no protobuf decoder accepts this.
    const garbage = Buffer.concat([Buffer.from([0x0f]), randomBytes(64)]);

    const err = (await rawCall(foreignClient(server.address), garbage)) as ServiceError;

    expect(err.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(fromGrpcStatus(err)).toMatchObject({ code: 400, reason: "MALFORMED_REQUEST" });
    // It went through the middleware (logged, counted, traced), with no request.
    expect(failures).toEqual([["/echo.v1.EchoService/Echo", undefined, "MALFORMED_REQUEST"]]);
    await expect(client.echo({ message: "still here" })).resolves.toMatchObject({ message: "still here" });
  });

  it("refuses requests larger than maxReceiveMessageLength with RESOURCE_EXHAUSTED", async () => {
    const { client } = await serve(async (req) => ({ message: req.message }), { maxReceiveMessageLength: 64 });
    await expect(client.echo({ message: "x".repeat(1000) })).rejects.toMatchObject({ code: 429 });
  });

  it("decodes replies with protobuf-es", async () => {
    const { server } = await serve(async (req) => ({ message: req.message.toUpperCase() }));
    const body = Buffer.from(toBinary(EchoRequestSchema, create(EchoRequestSchema, { message: "hi" })));
    const reply = (await rawCall(foreignClient(server.address), body)) as Buffer;
    expect(fromBinary(EchoResponseSchema, reply).message).toBe("HI");
  });
});

describe("GrpcServer and a client's mistakes", () => {
  const ECHO = "/echo.v1.EchoService/Echo";
  const echoOf = (message: string | Uint8Array) =>
    grpcFrame(
      typeof message === "string" ? toBinary(EchoRequestSchema, create(EchoRequestSchema, { message })) : message,
    );

  /** A server recording each call's operation and outcome as the middleware sees it. */
  async function recording() {
    const seen: [string, string][] = [];
    const middleware: Middleware = (next) => (req, ctx) =>
      next(req, ctx).then(
        (res) => {
          seen.push([ctx.operation, ""]);
          return res;
        },
        (err: unknown) => {
          seen.push([ctx.operation, (err as StrataError).reason]);
          throw err;
        },
      );
    const served = await serve(async (req) => ({ message: req.message }), { middleware });
    return { ...served, seen };
  }

  it("answers a NUL character in a string with INVALID_ARGUMENT naming the field", async () => {
    const { server } = await recording();
    const answer = await rawGrpcCall(server.address, ECHO, echoOf("a\0b"));
    expect(answer).toMatchObject({
      grpcStatus: GrpcStatus.INVALID_ARGUMENT,
      grpcMessage: expect.stringContaining('"message"'),
    });
  });

  it.each([
    ["a grpc-timeout that is no timeout", { "grpc-timeout": "abc" }, echoOf("x"), GrpcStatus.INVALID_ARGUMENT],
    [
      "a compressed flag on a message that is not gzip",
      { "grpc-encoding": "gzip" },
      grpcFrame(Buffer.from("x"), true),
      GrpcStatus.INVALID_ARGUMENT,
    ],
    ["two request messages to a unary method", {}, Buffer.concat([echoOf("a"), echoOf("b")]), GrpcStatus.UNIMPLEMENTED],
    ["no request message to a unary method", {}, Buffer.alloc(0), GrpcStatus.UNIMPLEMENTED],
  ])("answers %s with the kit's error, and records it", async (_, headers, body, code) => {
    const { server, client, seen } = await recording();
    const answer = await rawGrpcCall(server.address, ECHO, body, headers);
    expect(answer.grpcStatus).toBe(code);
    expect(answer.grpcMessage).not.toMatch(/server streaming|deserializing|Invalid/);
    expect(seen).toEqual([[ECHO, "MALFORMED_REQUEST"]]);
    await expect(client.echo({ message: "still here" })).resolves.toMatchObject({ message: "still here" });
  });

  it("answers an unknown method with UNIMPLEMENTED through the middleware, as operation unknown", async () => {
    const { server, seen } = await recording();
    const answer = await rawGrpcCall(server.address, "/echo.v1.EchoService/Nope", echoOf("x"));
    expect(answer).toMatchObject({
      grpcStatus: GrpcStatus.UNIMPLEMENTED,
      grpcMessage: expect.stringContaining("/echo.v1.EchoService/Nope"),
    });
    expect(seen).toEqual([["unknown", "UNIMPLEMENTED"]]);
  });

  it("logs a call its client gave up on at the deadline as DEADLINE_EXCEEDED, though the handler succeeded later", async () => {
    const raw: string[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void raw.push(line) });
    const done = deferred();
    const { client } = await serve(
      async (req) => {
        if (req.message !== "slow") return { message: req.message };
        await new Promise((resolve) => setTimeout(resolve, 150));
        done.resolve();
        return { message: req.message };
      },
      { middleware: logging({ logger }) },
    );
    // Connected first, so the call reaches the server within its deadline.
    await client.echo({ message: "warm" });
    raw.splice(0);
    await expect(client.echo({ message: "slow" }, { timeout: 20 })).rejects.toMatchObject({ code: 504 });
    await done.promise;
    await new Promise((resolve) => setImmediate(resolve));
    expect(raw.map((line) => JSON.parse(line) as unknown)).toEqual([
      expect.objectContaining({ msg: "access", code: 504, reason: "DEADLINE_EXCEEDED" }),
    ]);
  });

  it("cuts what an error echoes, so a huge value cannot overflow the trailers", async () => {
    const { server } = await serve(async (req) => {
      throw new StrataError(404, "NOT_HERE", `no ${req.message}`, { message: req.message });
    });
    const answer = await rawGrpcCall(server.address, ECHO, echoOf("x".repeat(100_000)));
    expect(answer.grpcStatus).toBe(GrpcStatus.NOT_FOUND);
    expect(answer.grpcMessage.length).toBeLessThanOrEqual(1024);
    expect(answer.headerBytes).toBeLessThan(8 * 1024);
  });
});

describe("GrpcServer lifecycle", () => {
  it("exposes the bound port and address, and only once started", async () => {
    const server = new GrpcServer({ addr: "127.0.0.1:0" });
    expect(() => server.port).toThrow(/not started/);
    await server.start();
    cleanups.push(() => server.stop(100));
    expect(server.port).toBeGreaterThan(0);
    expect(server.address).toBe(`127.0.0.1:${server.port}`);
  });

  it("lists its defaults in options", () => {
    expect(new GrpcServer().options).toMatchObject({
      addr: "0.0.0.0:9000",
      timeout: 10_000,
      maxReceiveMessageLength: 4 * 1024 * 1024,
    });
  });

  it("finishes the calls in flight on stop", async () => {
    const entered = deferred();
    const { server, client } = await serve(async (req) => {
      entered.resolve();
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { message: req.message };
    });
    const call = client.echo({ message: "last" });
    await entered.promise;

    await server.stop(5_000);

    await expect(call).resolves.toMatchObject({ message: "last" });
  });

  it("cancels the calls still in flight at the stop timeout", async () => {
    const { echo, entered, aborted } = waitForAbort();
    const { server, client } = await serve(echo, { timeout: 0 });
    const call = client.echo({ message: "hi" }).catch((e: unknown) => e);
    await entered;

    await server.stop(100);

    expect((await aborted).reason).toMatchObject({ code: 499 });
    expect(await call).toBeInstanceOf(StrataError);
  });

  it("leaves streaming rpcs unregistered, so callers get UNIMPLEMENTED", async () => {
    const service = streamingService();
    const server = new GrpcServer({ addr: "127.0.0.1:0" });
    server.addService(service, { get: async () => ({}) } as unknown as ServiceImpl<typeof service>);
    await server.start();
    cleanups.push(() => server.stop(100));

    const client = foreignClient(server.address);
    const stream = client.makeServerStreamRequest(
      "/stream.v1.StreamService/Watch",
      (bytes: Buffer) => bytes,
      (bytes: Buffer) => bytes,
      Buffer.alloc(0),
    );
    const err = await new Promise<ServiceError>((resolve) => stream.on("error", resolve));
    expect(err.code).toBe(GrpcStatus.UNIMPLEMENTED);
  });

  it("fails to register an implementation that lacks a method", () => {
    const server = new GrpcServer();
    const impl = { echo: async () => ({}) } as unknown as EchoImpl;
    expect(() => registerEchoServiceGrpc(server, impl)).toThrow(/echoWithAnExceptionallyLongMethodName/);
  });
});

describe("GrpcConn", () => {
  it("sends the earlier of deadline and timeout", async () => {
    const deadlines: (number | undefined)[] = [];
    const { client } = await serve(async (req, ctx) => {
      deadlines.push(ctx.deadline);
      return { message: req.message };
    });
    const soon = Date.now() + 2_000;

    await client.echo({ message: "a" }, { deadline: soon, timeout: 60_000 });
    await client.echo({ message: "b" }, { deadline: new Date(soon + 60_000), timeout: 2_000 });

    for (const deadline of deadlines) {
      expect(deadline).toBeGreaterThan(soon - 1_000);
      expect(deadline).toBeLessThan(soon + 1_000);
    }
  });

  it("reports UNAVAILABLE when nothing listens", async () => {
    const conn = new GrpcConn("127.0.0.1:1");
    cleanups.push(() => conn.close());
    const client = new EchoServiceClient(conn);
    await expect(client.echo({ message: "hi" }, { timeout: 2_000 })).rejects.toMatchObject({
      code: 503,
      reason: "UNAVAILABLE",
    });
  });

  it("passes trailers to onTrailer", async () => {
    const { client } = await serve(async (req) => ({ message: req.message }));
    let trailers: Headers | undefined;
    await client.echo({ message: "hi" }, { onTrailer: (t) => (trailers = t) });
    expect(trailers).toBeInstanceOf(Headers);
  });

  it("carries a handler's deadline and cancellation on to the calls it makes", async () => {
    const downstream = waitForAbort();
    const { client: next } = await serve(downstream.echo, { timeout: 0 });
    const { client } = await serve((req, ctx) => next.echo(req, { deadline: ctx.deadline, signal: ctx.signal }), {
      timeout: 0,
    });

    const err = await client.echo({ message: "hi" }, { timeout: 150 }).catch((e: unknown) => e);

    expect(err).toMatchObject({ code: 504 });
    expect((await downstream.aborted).reason).toMatchObject({ code: 504, reason: "DEADLINE_EXCEEDED" });
  });
});
