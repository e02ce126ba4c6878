import { create, equals, toJson, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import { durationFromMs, FieldMaskSchema, timestampFromMs } from "@bufbuild/protobuf/wkt";
import { build } from "esbuild";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { libraryServer, type LibraryServer } from "../../../tools/testdata/library/library-server.js";
import { LibraryServiceHttpClient } from "../../../tools/testdata/library/v1/library_http_client.js";
import { LibraryService } from "../../../tools/testdata/library/v1/library_pb.js";
import { StrataError } from "../../errors/error.js";
import { HttpConn } from "./conn.js";

let library: LibraryServer;
let client: LibraryServiceHttpClient;
let base: string;

beforeAll(async () => {
  library = libraryServer();
  await library.server.start();
  base = `http://${library.server.address}`;
  client = new LibraryServiceHttpClient(new HttpConn({ baseUrl: base }));
});
afterAll(() => library.server.stop());
beforeEach(() => {
  library.calls.splice(0);
  library.replies.clear();
});

/** Calls `rpc` with `request` through the client and expects the server to receive that very message. */
async function expectReceived<I extends DescMessage>(
  rpc: keyof LibraryServiceHttpClient,
  schema: I,
  request: MessageInitShape<I>,
): Promise<void> {
  await (client[rpc] as (r: MessageInitShape<I>) => Promise<unknown>).call(client, request);
  expect(library.calls.map((call) => call.rpc)).toEqual([rpc]);
  const received = library.onlyRequest();
  const sent = create(schema, request);
  expect(toJson(schema, received as never)).toEqual(toJson(schema, sent as never));
  expect(equals(schema, received as never, sent as never)).toBe(true);
}

describe("HttpConn: each kind of google.api.http rule", () => {
  const method = LibraryService.method;

  it.each([
    ["getBook", method.getBook.input, { name: "shelves/s1/books/b 1?#%" }],
    [
      "createBook",
      method.createBook.input,
      { parent: "shelves/s1", book: { title: "T", tags: ["a", "b"] }, requestId: "r" },
    ],
    [
      "updateBook",
      method.updateBook.input,
      {
        book: { name: "shelves/s1/books/b1", title: "new" },
        updateMask: create(FieldMaskSchema, { paths: ["title"] }),
      },
    ],
    ["deleteBook", method.deleteBook.input, { name: "shelves/s1/books/b1", force: true }],
    [
      "listBooks",
      method.listBooks.input,
      {
        parent: "shelves/s1",
        pageSize: 10,
        pageToken: "t&x=y",
        filter: { author: "A", pages: { min: 5n, max: 9007199254740993n } },
        tags: ["x", "y z"],
        genre: 2,
        genres: [1, 3],
        publishedAfter: timestampFromMs(1_700_000_000_123),
        readMask: create(FieldMaskSchema, { paths: ["title", "author"] }),
        minPages: -3n,
        availableOnly: true,
        cursor: new Uint8Array([0, 255, 7]),
        minRating: 4.5,
        maxAge: durationFromMs(1500),
        language: "en",
        maxResults: 0,
        order: { case: "byField", value: "title" },
      },
    ],
    [
      "batchCreateBooks",
      method.batchCreateBooks.input,
      { parent: "shelves/s1", books: [{ title: "a" }, { title: "b" }] },
    ],
    ["cancelLoan", method.cancelLoan.input, { name: "shelves/s1/books/b1", reason: "late" }],
    ["addTags", method.addTags.input, { name: "shelves/s1/books/b1", tags: ["new", "old"] }],
    ["addTags", method.addTags.input, { name: "shelves/s1/books/b1", tags: [] }],
    ["getShelf", method.getShelf.input, { shelfId: "a/b" }],
    ["countShelfBooks", method.countShelfBooks.input, { shelfId: "s1" }],
    ["replaceShelf", method.replaceShelf.input, { shelf: { shelfId: "s1", theme: "sea" } }],
    ["getFile", method.getFile.input, { path: "files/a/b/c.txt" }],
    ["searchBooks", method.searchBooks.input, { query: "q", genres: [1] }],
  ] as const)("%s reaches the server as the message sent", async (rpc, schema, request) => {
    await expectReceived(rpc, schema, request as MessageInitShape<typeof schema>);
  });

  it("reads a response_body reply back into the response message", async () => {
    library.replies.set("listShelves", async () => ({
      shelves: [{ shelfId: "s1" }, { shelfId: "s2" }],
      nextPageToken: "n",
    }));
    const reply = await client.listShelves({ pageSize: 2 });
    // The rule replies with the shelves alone: the rest of the response does not travel.
    expect(reply.shelves.map((shelf) => shelf.shelfId)).toEqual(["s1", "s2"]);
    expect(reply.nextPageToken).toBe("");
    library.replies.set("downloadFile", async () => ({ content: new Uint8Array([1, 2, 3]) }));
    expect((await client.downloadFile({ path: "files/x" })).content).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("ignores reply fields it does not know (a newer server)", async () => {
    const conn = new HttpConn({
      baseUrl: base,
      fetch: () => Promise.resolve(new Response(JSON.stringify({ shelfId: "s1", addedLater: 1 }), { status: 200 })),
    });
    expect((await new LibraryServiceHttpClient(conn).getShelf({ shelfId: "s1" })).shelfId).toBe("s1");
  });
});

describe("HttpConn: headers", () => {
  it("sends the connection's headers, asked before each call, then the call's", async () => {
    let n = 0;
    const conn = new HttpConn({
      baseUrl: `${base}/`,
      headers: () => ({ authorization: `Bearer t${++n}`, "x-a": "conn" }),
    });
    const headed = new LibraryServiceHttpClient(conn);
    await headed.getShelf({ shelfId: "s1" }, { headers: { "x-a": "call" } });
    await headed.getShelf({ shelfId: "s1" });
    const seen = library.calls.map((call) => [
      call.ctx.requestHeader.get("authorization"),
      call.ctx.requestHeader.get("x-a"),
    ]);
    expect(seen).toEqual([
      ["Bearer t1", "call"],
      ["Bearer t2", "conn"],
    ]);
  });
});

describe("HttpConn: failures, as StrataErrors", () => {
  it("rejects with the server's code, reason and metadata", async () => {
    library.replies.set("getBook", async () => {
      throw new StrataError(404, "BOOK_NOT_FOUND", "no such book", { name: "shelves/s1/books/b9" });
    });
    await expect(client.getBook({ name: "shelves/s1/books/b9" })).rejects.toMatchObject({
      code: 404,
      reason: "BOOK_NOT_FOUND",
      message: "no such book",
      metadata: { name: "shelves/s1/books/b9" },
    });
  });

  it("names an empty path variable before sending anything", async () => {
    await expect(client.getBook({ name: "" })).rejects.toMatchObject({
      code: 400,
      reason: "MALFORMED_REQUEST",
      metadata: { field: "name" },
    });
    expect(library.calls).toEqual([]);
  });

  it("reports a reply that is not the kit's (a proxy's page) by its status, bounded", async () => {
    const conn = new HttpConn({
      baseUrl: base,
      fetch: () => Promise.resolve(new Response(`<html>${"x".repeat(5000)}</html>`, { status: 502 })),
    });
    const err = await new LibraryServiceHttpClient(conn).getShelf({ shelfId: "s1" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StrataError);
    expect(err).toMatchObject({ code: 502, reason: "HTTP_502" });
    expect((err as StrataError).message.length).toBeLessThanOrEqual(200);
  });

  it("is UNAVAILABLE when nothing listens, DEADLINE_EXCEEDED past its timeout, CANCELLED when aborted", async () => {
    // A port that was just free: nothing listens there (fetch refuses port 1 outright as a "bad port").
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const freePort = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const closed = new LibraryServiceHttpClient(new HttpConn({ baseUrl: `http://127.0.0.1:${freePort}` }));
    await expect(closed.getShelf({ shelfId: "s1" })).rejects.toMatchObject({
      code: 503,
      reason: "UNAVAILABLE",
      message: expect.stringContaining("(ECONNREFUSED)") as unknown,
    });

    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const slow = new LibraryServiceHttpClient(
        new HttpConn({ baseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}` }),
      );
      await expect(slow.getShelf({ shelfId: "s1" }, { timeout: 50 })).rejects.toMatchObject({
        code: 504,
        reason: "DEADLINE_EXCEEDED",
      });
      const abort = new AbortController();
      const call = slow.getShelf({ shelfId: "s1" }, { signal: abort.signal });
      abort.abort();
      await expect(call).rejects.toMatchObject({ code: 499, reason: "CANCELLED" });
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});

describe("the generated REST client in a browser", () => {
  it("bundles for the browser with nothing from Node or the server", async () => {
    // What a browser app does: a connection and a client of it.
    const result = await build({
      stdin: {
        contents: [
          'import { HttpConn } from "./pkg/transport/http/conn.js";',
          'import { LibraryServiceHttpClient } from "./tools/testdata/library/v1/library_http_client.js";',
          'export const client = new LibraryServiceHttpClient(new HttpConn({ baseUrl: "/api" }));',
        ].join("\n"),
        resolveDir: fileURLToPath(new URL("../../../", import.meta.url)),
        loader: "ts",
      },
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((path) => /fastify|grpc-js|node_modules\/pino|transport\/http\/server/.test(path))).toEqual(
      [],
    );
    expect(inputs).toContainEqual(expect.stringMatching(/pkg\/transport\/http\/conn\.ts$/));
  });
});
