import { create } from "@bufbuild/protobuf";
import { connect } from "node:net";
import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { StrataError } from "../../errors/error.js";
import { logging } from "../../middleware/logging.js";
import type { Middleware } from "../../middleware/middleware.js";
import { GetShelfRequestSchema, LibraryService, ShelfSchema } from "../../../tools/testdata/library/v1/library_pb.js";
import type { CallContext } from "../context.js";
import { libraryServer, type LibraryServer } from "../../../tools/testdata/library/library-server.js";
import { HttpRouteError } from "./compile.js";
import { parseAddr } from "./addr.js";
import { HttpServer } from "./server.js";

const started: LibraryServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.server.stop()));
});

/** A library server listening on a free port of 127.0.0.1. */
async function listening(...args: Parameters<typeof libraryServer>): Promise<LibraryServer & { url: string }> {
  const s = libraryServer(...args);
  await s.server.start();
  started.push(s);
  return Object.assign(s, { url: `http://${s.server.address}` });
}

/** A promise with its resolve function. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("error replies", () => {
  it("rejects an unknown JSON field with 400 naming it", async () => {
    const s = libraryServer();
    const res = await s.send("POST", "/v1/shelves/s1/books", { title: "T", subtitle: "x" });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      code: 400,
      reason: "MALFORMED_REQUEST",
      message: 'unknown field "book.subtitle" in the request body',
      metadata: { field: "book.subtitle" },
    });
    expect(s.calls.map((c) => c.rpc)).toEqual([]);
  });

  it("names unknown and bad fields deep in lists and maps", async () => {
    const s = libraryServer();
    const nested = await s.send("POST", "/v1/shelves/s1/books:batchCreate", { books: [{}, { title: "B", x: 1 }] });
    expect(nested.json).toMatchObject({ metadata: { field: "books[1].x" } });
    const bad = await s.send("POST", "/v1/shelves/s1/books:batchCreate", { books: [{ pageCount: "many" }] });
    expect(bad.json).toMatchObject({ reason: "MALFORMED_REQUEST", metadata: { field: "books[0].page_count" } });
    const map = await s.send("POST", "/v1/shelves/s1/books", { attributes: { a: 1 } });
    expect(map.json).toMatchObject({ reason: "MALFORMED_REQUEST", metadata: { field: "book.attributes" } });
  });

  it.each([
    [{ title: 1 }, "book.title"],
    [{ pageCount: "12.5" }, "book.page_count"],
    [{ pageCount: true }, "book.page_count"],
    [{ genre: "GENRE_POETRY" }, "book.genre"],
    [{ tags: "a" }, "book.tags"],
    [{ tags: [1] }, "book.tags"],
    [{ publishTime: "yesterday" }, "book.publish_time"],
    [{ cover: "not base64!" }, "book.cover"],
    [{ available: "true" }, "book.available"],
  ])("rejects a wrong JSON type with 400 naming the field: %j", async (book, field) => {
    const s = libraryServer();
    const res = await s.send("POST", "/v1/shelves/s1/books", book);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 400, reason: "MALFORMED_REQUEST", metadata: { field } });
  });

  it("rejects a body that is not an object where a message is expected", async () => {
    const s = libraryServer();
    const res = await s.send("POST", "/v1/shelves/s1/books:batchCreate", [1, 2]);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 400, reason: "MALFORMED_REQUEST", metadata: {} });
  });

  it("rejects malformed JSON with 400 MALFORMED_REQUEST", async () => {
    const s = libraryServer();
    const res = await s.send("POST", "/v1/shelves/s1/books", '{"title": ');
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 400, reason: "MALFORMED_REQUEST" });
    expect((res.json as { message: string }).message).toMatch(/^the request body is not valid JSON/);
  });

  it.each([
    ["a path variable", "GET", "/v1/shelves/a%00b", undefined, "shelf_id"],
    ["a query parameter", "GET", "/v1/shelves/s1/books?pageToken=%00", undefined, "page_token"],
    ["the body", "POST", "/v1/shelves/s1/books", '{"tags":["ok","a\\u0000"]}', "book.tags[1]"],
  ])("rejects a NUL character in %s with 400 naming the field", async (_, method, url, body, field) => {
    const s = libraryServer();
    const res = await s.send(method, url, body);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ reason: "MALFORMED_REQUEST", metadata: { field } });
    expect(s.calls).toHaveLength(0);
  });

  it("takes an escaped backslash before u0000 as the text it is", async () => {
    const s = libraryServer();
    const res = await s.send("POST", "/v1/shelves/s1/books", '{"title":"\\\\u0000"}');
    expect(res.status).toBe(200);
    expect(s.onlyRequest()).toMatchObject({ book: { title: "\\u0000" } });
  });

  it("rejects a body that is not UTF-8 with 400, rather than storing U+FFFD", async () => {
    const s = libraryServer();
    const bytes = Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const res = await s.send("POST", "/v1/shelves/s1/books", bytes);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ reason: "MALFORMED_REQUEST", message: "the request body is not valid UTF-8" });
    expect(s.calls).toHaveLength(0);
  });

  it("rejects a number that is not decimal in the URL with 400 naming the field", async () => {
    const s = libraryServer();
    const res = await s.send("GET", "/v1/shelves/s1/books?pageSize=0x10");
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ reason: "MALFORMED_REQUEST", metadata: { field: "page_size" } });
  });

  it("cuts what an error echoes to its bounds", async () => {
    const s = libraryServer();
    s.replies.set("getShelf", () =>
      Promise.reject(new StrataError(404, "NO_SHELF", "x".repeat(100_000), { id: "y".repeat(100_000) })),
    );
    const res = await s.send("GET", "/v1/shelves/s1");
    const body = res.json as { message: string; metadata: { id: string } };
    expect(res.status).toBe(404);
    expect(body.message.length).toBeLessThanOrEqual(1024);
    expect(body.message.endsWith("…")).toBe(true);
    expect(body.metadata.id.length).toBeLessThanOrEqual(256);
  });

  it("answers a path segment over the length limit with the kit's error body", async () => {
    const s = libraryServer();
    const res = await s.send("GET", `/v1/shelves/${"a".repeat(5000)}`);
    expect(res.status).toBe(414);
    expect(res.json).toMatchObject({ code: 414, reason: "MALFORMED_REQUEST" });
    expect(JSON.stringify(res.json).length).toBeLessThan(2048);
  });

  it.each([
    [
      "a Content-Length that is no number",
      "POST /v1/shelves/s1/books HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}",
      400,
    ],
    [
      "both Content-Length and chunked",
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      400,
    ],
    ["headers over the limit", `GET / HTTP/1.1\r\nHost: x\r\nX-A: ${"a".repeat(20_000)}\r\n\r\n`, 431],
  ])("answers %s, which Node refuses, with the kit's error body", async (_, bytes, code) => {
    const s = await listening();
    const { host, port } = parseAddr(s.server.address);
    const answer = await new Promise<string>((resolve) => {
      const socket = connect({ host, port });
      let text = "";
      socket.on("data", (chunk: Buffer) => (text += chunk.toString()));
      socket.on("close", () => resolve(text));
      socket.end(bytes);
    });
    expect(answer.startsWith(`HTTP/1.1 ${code} `)).toBe(true);
    expect(JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4))).toMatchObject({
      code,
      reason: "MALFORMED_REQUEST",
    });
  });

  it("rejects an unknown query parameter with 400 naming it", async () => {
    const s = libraryServer();
    const res = await s.send("GET", "/v1/shelves/s1?verbose=true");
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ reason: "MALFORMED_REQUEST", metadata: { field: "verbose" } });
  });

  it("rejects a body over the limit with 413 PAYLOAD_TOO_LARGE", async () => {
    const s = libraryServer({ bodyLimit: 1024 });
    const res = await s.send("POST", "/v1/shelves/s1/books", { title: "x".repeat(2000) });
    expect(res.status).toBe(413);
    expect(res.json).toEqual({
      code: 413,
      reason: "PAYLOAD_TOO_LARGE",
      message: "the request body is too large",
      metadata: {},
    });
    expect(s.calls).toHaveLength(0);
  });

  it("reads a body as JSON when its content type says JSON, parameters and +json types too", async () => {
    const s = libraryServer();
    for (const type of [
      "application/json",
      "application/json; charset=utf-8",
      "Application/JSON",
      "application/merge-patch+json",
    ]) {
      const res = await s.send("POST", "/v1/shelves/s1/books", JSON.stringify({ title: "x" }), {
        "content-type": type,
      });
      expect(res.status, type).toBe(200);
    }
  });

  it("refuses a body of any other type, or of none, with 415 naming it (a cross-site form cannot write)", async () => {
    const s = libraryServer();
    for (const type of [
      "application/x-www-form-urlencoded",
      "text/plain",
      "multipart/form-data; boundary=x",
      "application/jsonx",
      "text/json",
    ]) {
      const res = await s.send("POST", "/v1/shelves/s1/books", JSON.stringify({ title: "x" }), {
        "content-type": type,
      });
      expect(res.status, type).toBe(415);
      expect(res.json).toEqual({
        code: 415,
        reason: "UNSUPPORTED_MEDIA_TYPE",
        message: `the request body must be application/json, not "${type}"`,
        metadata: { contentType: type },
      });
    }
    const untyped = await s.server.fastify.inject({
      method: "POST",
      url: "/v1/shelves/s1/books",
      payload: '{"title":"x"}',
    });
    expect([untyped.statusCode, untyped.json()]).toMatchObject([415, { reason: "UNSUPPORTED_MEDIA_TYPE" }]);
    expect(s.calls).toHaveLength(0);
  });

  it("takes an empty body of any type as no body", async () => {
    const s = libraryServer();
    const res = await s.send("POST", "/v1/shelves/s1/books", "", { "content-type": "text/plain" });
    expect(res.status).toBe(200);
  });

  it("answers an unknown route with 404 ROUTE_NOT_FOUND", async () => {
    const s = libraryServer();
    const res = await s.send("GET", "/v2/nothing?x=1");
    expect(res.status).toBe(404);
    expect(res.json).toEqual({
      code: 404,
      reason: "ROUTE_NOT_FOUND",
      message: "no route for GET /v2/nothing",
      metadata: {},
    });
  });

  it("answers a thrown Error with 500 INTERNAL, leaking neither message nor stack, leaving its report to the chain", async () => {
    const onError = vi.fn();
    const s = libraryServer({ onError });
    const boom = new Error("password=hunter2 at db.ts:42");
    s.replies.set("getShelf", async () => {
      throw boom;
    });
    const reply = await s.server.fastify.inject({ method: "GET", url: "/v1/shelves/s1" });
    expect(reply.statusCode).toBe(500);
    expect(reply.json()).toEqual({ code: 500, reason: "INTERNAL", message: "internal error", metadata: {} });
    expect(reply.body).not.toContain("hunter2");
    expect(reply.body).not.toContain("db.ts");
    expect(onError).not.toHaveBeenCalled();
  });

  it("answers a thrown StrataError with its code and body", async () => {
    const onError = vi.fn();
    const s = libraryServer({ onError });
    s.replies.set("getShelf", async () => {
      throw new StrataError(404, "SHELF_NOT_FOUND", "no shelf s1", { shelf_id: "s1" });
    });
    const res = await s.send("GET", "/v1/shelves/s1");
    expect(res.status).toBe(404);
    expect(res.json).toEqual({
      code: 404,
      reason: "SHELF_NOT_FOUND",
      message: "no shelf s1",
      metadata: { shelf_id: "s1" },
    });
    expect(onError).not.toHaveBeenCalled();
  });

  it("answers a StrataError whose code is no HTTP error status with 500 INTERNAL", async () => {
    const s = libraryServer();
    s.replies.set("getShelf", async () => {
      throw new StrataError(42, "ODD", "odd");
    });
    const res = await s.send("GET", "/v1/shelves/s1");
    expect(res.status).toBe(500);
    expect(res.json).toMatchObject({ reason: "INTERNAL" });
  });
});

describe("the call context", () => {
  it("is an http call with the method, the operation and the request headers", async () => {
    const s = libraryServer();
    await s.send("GET", "/v1/shelves/s1", undefined, { "x-md-global-tenant": "acme", "X-Trace": "t1" });
    const ctx = s.calls[0]?.ctx as CallContext;
    expect(ctx.kind).toBe("http");
    expect(ctx.method).toBe(LibraryService.method.getShelf);
    expect(ctx.operation).toBe("/library.v1.LibraryService/GetShelf");
    expect(ctx.requestHeader.get("x-md-global-tenant")).toBe("acme");
    expect(ctx.requestHeader.get("x-trace")).toBe("t1");
    expect(ctx.requestHeader.get("x-absent")).toBeNull();
    expect(ctx.deadline).toBeUndefined();
    expect(ctx.signal.aborted).toBe(false);
  });

  it("reads a repeated request header as Node merges it", async () => {
    const s = libraryServer();
    await s.send("GET", "/v1/shelves/s1", undefined, { "x-md-tags": ["a", "b"], cookie: ["c=1", "d=2"] });
    const ctx = s.calls[0]?.ctx as CallContext;
    expect(ctx.requestHeader.get("X-MD-Tags")).toBe("a, b");
    expect(ctx.requestHeader.get("cookie")).toBe("c=1; d=2");
    expect([...ctx.requestHeader.keys()]).toEqual(expect.arrayContaining(["cookie", "x-md-tags"]));
  });

  it("runs the middleware around calls that fail before the handler, which it does not reach", async () => {
    const seen: string[] = [];
    const middleware: Middleware = (next) => async (req, ctx) => {
      try {
        return await next(req, ctx);
      } catch (err) {
        seen.push(`${ctx.operation} ${(err as StrataError).code} ${(err as StrataError).reason}`);
        throw err;
      }
    };
    const s = libraryServer({ middleware, bodyLimit: 1024 });
    const replies = [
      await s.send("POST", "/v1/shelves/s1/books", '{"title": '),
      await s.send("POST", "/v1/shelves/s1/books", { title: "x".repeat(2000) }),
      await s.send("POST", "/v1/shelves/s1/books", { title: "T", subtitle: "x" }),
      await s.send("GET", "/v1/shelves/s1?verbose=true"),
    ];
    expect(replies.map((r) => r.status)).toEqual([400, 413, 400, 400]);
    expect(seen).toEqual([
      "/library.v1.LibraryService/CreateBook 400 MALFORMED_REQUEST",
      "/library.v1.LibraryService/CreateBook 413 PAYLOAD_TOO_LARGE",
      "/library.v1.LibraryService/CreateBook 400 MALFORMED_REQUEST",
      "/library.v1.LibraryService/GetShelf 400 MALFORMED_REQUEST",
    ]);
    expect(s.calls).toHaveLength(0);
  });

  it("runs the middleware around requests no route serves, under the one operation unknown", async () => {
    const seen: string[] = [];
    const middleware: Middleware = (next) => (req, ctx) =>
      next(req, ctx).catch((err: unknown) => {
        seen.push(`${ctx.kind} ${ctx.operation} ${(err as StrataError).code} ${(err as StrataError).reason}`);
        throw err;
      });
    const s = libraryServer({ middleware });
    const replies = [
      await s.send("GET", "/v2/nothing"),
      await s.send("POST", "/nowhere", '{"not json'),
      await s.send("GET", "/v1/shelves/s1/books:nope"),
      await s.send("GET", `/v1/shelves/${"a".repeat(5000)}`),
      await s.send("GET", "/v1/shelves/%E0%A4%A"),
    ];
    expect(replies.map((r) => r.status)).toEqual([404, 404, 404, 414, 400]);
    expect(seen).toEqual([
      "http unknown 404 ROUTE_NOT_FOUND",
      "http unknown 404 ROUTE_NOT_FOUND",
      "http unknown 404 ROUTE_NOT_FOUND",
      "http unknown 414 MALFORMED_REQUEST",
      expect.stringMatching(/^http (unknown|\/library.v1.LibraryService\/GetShelf) 400 MALFORMED_REQUEST$/),
    ]);
  });

  it("runs the middleware around every handler", async () => {
    const seen: string[] = [];
    const middleware: Middleware = (next) => async (req, ctx) => {
      seen.push(`${ctx.kind} ${ctx.operation}`);
      ctx.responseHeader.set("x-mw", "1");
      const res = await next(req, ctx);
      return create(ShelfSchema, { ...(res as object), theme: "from middleware" });
    };
    const s = libraryServer({ middleware });
    const res = await s.send("GET", "/v1/shelves/s1");
    expect(seen).toEqual(["http /library.v1.LibraryService/GetShelf"]);
    expect(res.headers["x-mw"]).toBe("1");
    expect(res.json).toEqual({ theme: "from middleware" });
  });

  it("has a deadline, and replies 504 DEADLINE_EXCEEDED when it passes", async () => {
    const s = libraryServer({ timeout: 50 });
    const aborted = deferred<unknown>();
    s.replies.set("getShelf", (_req, ctx) => {
      ctx.signal.addEventListener("abort", () => aborted.resolve(ctx.signal.reason));
      return new Promise(() => {});
    });
    const before = Date.now();
    const res = await s.send("GET", "/v1/shelves/s1");
    expect(res.status).toBe(504);
    expect(res.json).toMatchObject({ code: 504, reason: "DEADLINE_EXCEEDED" });
    expect(await aborted.promise).toMatchObject({ code: 504, reason: "DEADLINE_EXCEEDED" });
    const deadline = s.calls[0]?.ctx.deadline ?? 0;
    expect(deadline).toBeGreaterThanOrEqual(before + 50);
    expect(deadline).toBeLessThanOrEqual(Date.now());
  });

  it("logs a call answered at its deadline as DEADLINE_EXCEEDED, though the handler succeeded later", async () => {
    const raw: string[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void raw.push(line) });
    const done = deferred();
    const s = libraryServer({ timeout: 20, middleware: logging({ logger }) });
    s.replies.set("getShelf", async () => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      done.resolve();
      return create(ShelfSchema, { shelfId: "s1" });
    });
    const res = await s.send("GET", "/v1/shelves/s1");
    expect(res.status).toBe(504);
    await done.promise;
    await new Promise((resolve) => setImmediate(resolve));
    expect(raw.map((line) => JSON.parse(line) as unknown)).toEqual([
      expect.objectContaining({ msg: "access", code: 504, reason: "DEADLINE_EXCEEDED" }),
    ]);
  });

  it("aborts ctx.signal when the client disconnects", async () => {
    const s = await listening();
    const inHandler = deferred<CallContext>();
    const aborted = deferred<unknown>();
    s.replies.set("getShelf", (_req, ctx) => {
      ctx.signal.addEventListener("abort", () => aborted.resolve(ctx.signal.reason));
      inHandler.resolve(ctx);
      return new Promise(() => {});
    });
    const client = new AbortController();
    const request = fetch(`${s.url}/v1/shelves/s1`, { signal: client.signal }).catch((err: unknown) => err);
    const ctx = await inHandler.promise;
    expect(ctx.signal.aborted).toBe(false);
    client.abort();
    expect(await aborted.promise).toMatchObject({ code: 499, reason: "CANCELLED" });
    expect(ctx.signal.aborted).toBe(true);
    await request;
  });
});

describe("HttpServer", () => {
  it("lists its defaults in one place", async () => {
    const { defaultHttpServerOptions } = await import("./options.js");
    expect(defaultHttpServerOptions).toMatchObject({ addr: "0.0.0.0:8000", bodyLimit: 1024 * 1024, timeout: 0 });
    const server = new HttpServer({ timeout: undefined });
    expect(server.options.timeout).toBe(0);
    expect(server.options.addr).toBe("0.0.0.0:8000");
  });

  it("listens on port 0, serves over real HTTP, and reports its address", async () => {
    const s = await listening();
    expect(s.server.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(s.server.address).not.toBe("127.0.0.1:0");
    const res = await fetch(`${s.url}/v1/shelves/s1/books`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "T" }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    const search = await fetch(`${s.url}/v1/books`, {
      method: "SEARCH",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    expect(search.status).toBe(200);
  });

  it("throws for address before start", () => {
    expect(() => libraryServer().server.address).toThrow("not started");
  });

  it("finishes the requests in flight on stop, then refuses connections", async () => {
    const s = libraryServer();
    await s.server.start();
    const url = `http://${s.server.address}`;
    const inHandler = deferred();
    const release = deferred();
    s.replies.set("getShelf", async () => {
      inHandler.resolve();
      await release.promise;
      return { shelfId: "done" };
    });
    const inFlight = fetch(`${url}/v1/shelves/s1`);
    await inHandler.promise;
    let stopped = false;
    const stopping = s.server.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped).toBe(false);
    release.resolve();
    const res = await inFlight;
    expect(res.headers.get("connection")).toBe("close");
    expect(await res.json()).toEqual({ shelfId: "done" });
    await stopping;
    await expect(fetch(`${url}/v1/shelves/s1`)).rejects.toThrow();
  });

  it("closes idle keep-alive connections on stop", async () => {
    const s = libraryServer();
    await s.server.start();
    const url = `http://${s.server.address}`;
    expect((await fetch(`${url}/v1/shelves/s1`)).status).toBe(200);
    const before = Date.now();
    await s.server.stop();
    expect(Date.now() - before).toBeLessThan(1000);
  });

  it("serves a request in absolute-form, as proxies send it", async () => {
    const s = await listening();
    const { port } = parseAddr(s.server.address);
    const socket = connect(port, "127.0.0.1");
    socket.end(
      "GET http://example.com/v1/shelves/s%201?x=1 HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n",
    );
    let raw = "";
    for await (const chunk of socket) raw += String(chunk);
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    expect(raw).toContain('"field":"x"');
    s.calls.length = 0;
    const ok = connect(port, "127.0.0.1");
    ok.end("GET http://example.com/v1/shelves/s%201 HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n");
    raw = "";
    for await (const chunk of ok) raw += String(chunk);
    expect(raw).toMatch(/^HTTP\/1\.1 200/);
    expect(s.onlyRequest()).toEqual(create(GetShelfRequestSchema, { shelfId: "s 1" }));
  });

  it("closes connections that never sent a request on stop", async () => {
    const s = libraryServer();
    await s.server.start();
    const { port } = parseAddr(s.server.address);
    const socket = connect(port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    const closed = new Promise((resolve) => socket.once("close", resolve));
    const before = Date.now();
    await s.server.stop();
    await closed;
    expect(Date.now() - before).toBeLessThan(1000);
  });

  it("serves extra routes added on fastify, with the same error replies", async () => {
    const s = libraryServer();
    s.server.fastify.get("/healthz", async () => ({ ok: true }));
    s.server.fastify.get("/fail", async () => {
      throw new Error("secret");
    });
    expect((await s.send("GET", "/healthz")).json).toEqual({ ok: true });
    expect((await s.send("GET", "/fail")).json).toEqual({
      code: 500,
      reason: "INTERNAL",
      message: "internal error",
      metadata: {},
    });
  });

  it("refuses a route that takes the same requests as another", () => {
    const s = libraryServer();
    const impl = async () => ({});
    expect(() =>
      s.server.route(
        {
          rpc: LibraryService.method.getShelf,
          method: "GET",
          path: "/v1/shelves/{shelf_id}",
          body: "",
          responseBody: "",
        },
        impl,
      ),
    ).toThrow(HttpRouteError);
    expect(() =>
      s.server.route(
        {
          rpc: LibraryService.method.getFile,
          method: "GET",
          path: "/v1/{path=files/**}:download",
          body: "",
          responseBody: "",
        },
        impl,
      ),
    ).toThrow(/takes the same requests as rule "GET \/v1\/\{path=files\/\*\*\}:download"/);
  });

  it("refuses an invalid route, naming the rpc and the rule", () => {
    const server = new HttpServer();
    expect(() =>
      server.route(
        { rpc: LibraryService.method.getShelf, method: "GET", path: "/v1/{shelf}", body: "", responseBody: "" },
        async () => ({}),
      ),
    ).toThrow(
      /^library\.v1\.LibraryService\.GetShelf: rule "GET \/v1\/\{shelf\}": path variable "shelf" names no field/,
    );
  });

  it("refuses a custom method Node.js does not serve", () => {
    const server = new HttpServer();
    expect(() =>
      server.route(
        { rpc: LibraryService.method.getShelf, method: "FROB", path: "/v1/{shelf_id}", body: "", responseBody: "" },
        async () => ({}),
      ),
    ).toThrow(/Node\.js does not serve FROB/);
  });

  it("refuses an implementation missing a method", async () => {
    const { registerLibraryServiceHttp } = await import("../../../tools/testdata/library/v1/library_http.js");
    const server = new HttpServer();
    expect(() => registerLibraryServiceHttp(server, {} as never)).toThrow(
      "the implementation of /library.v1.LibraryService/GetBook has no method getBook",
    );
  });
});
