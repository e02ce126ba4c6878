// Property: any message goes through the REST transcoder (proto3 JSON body →
// request message, reply message → proto3 JSON, and the generated REST
// client's request → the server's request message) unchanged, on the kit's
// library fixture, whose Book has every kind of field: strings, an enum, a
// Timestamp, int64, a repeated string, bytes and a map.
import { create, equals, fromJson, toJson, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HttpConn } from "../pkg/transport/http/conn.js";
import { LibraryServiceHttpClient } from "../tools/testdata/library/v1/library_http_client.js";
import {
  BookSchema,
  CreateBookRequestSchema,
  ListBooksRequestSchema,
  type Book,
} from "../tools/testdata/library/v1/library_pb.js";
import { libraryServer } from "../tools/testdata/library/library-server.js";

// Strings as clients send them: any Unicode but NUL, which the kit rejects.
const text = fc.string({ unit: "grapheme", maxLength: 12 }).filter((s) => !s.includes("\0"));

const book: fc.Arbitrary<MessageInitShape<typeof BookSchema>> = fc.record({
  name: text,
  title: text,
  author: text,
  genre: fc.integer({ min: 0, max: 3 }),
  publishTime: fc.option(
    fc.integer({ min: -62135596800000, max: 253402300799000 }).map((ms) => timestampFromMs(ms)),
    { nil: undefined },
  ),
  pageCount: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  tags: fc.array(text, { maxLength: 4 }),
  available: fc.boolean(),
  cover: fc.uint8Array({ maxLength: 16 }),
  // protobuf-es keeps a map in a plain object, where "__proto__" is not a key:
  // a map entry of that name is dropped on the way in.
  attributes: fc.dictionary(
    text.filter((key) => key !== "__proto__"),
    text,
    { maxKeys: 3 },
  ),
});

describe("the REST transcoder", () => {
  it("turns a message sent as proto3 JSON into the same request message", async () => {
    const s = libraryServer();
    await fc.assert(
      fc.asyncProperty(book, async (init) => {
        const sent = create(BookSchema, init);
        s.calls.splice(0);
        const res = await s.send("POST", "/v1/shelves/s1/books", toJson(BookSchema, sent));
        expect(res.status).toBe(200);
        const received = (s.onlyRequest() as unknown as { book: Book }).book;
        expect(equals(BookSchema, received, sent)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("turns a reply message into proto3 JSON that decodes to the same message", async () => {
    const s = libraryServer();
    let reply = create(BookSchema);
    s.replies.set("getBook", async () => reply);
    await fc.assert(
      fc.asyncProperty(book, async (init) => {
        reply = create(BookSchema, init);
        const res = await s.send("GET", "/v1/shelves/s1/books/b1");
        expect(res.status).toBe(200);
        expect(equals(BookSchema, fromJson(BookSchema, res.json as never), reply)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("binds query parameters to the fields they name, whatever their text", async () => {
    const s = libraryServer();
    await fc.assert(
      fc.asyncProperty(
        text,
        fc.array(text, { maxLength: 3 }),
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        async (token, tags, size) => {
          s.calls.splice(0);
          const query = new URLSearchParams([
            ["pageToken", token],
            ["pageSize", String(size)],
            ...tags.map((t): [string, string] => ["tags", t]),
          ]);
          const res = await s.send("GET", `/v1/shelves/s1/books?${query.toString()}`);
          expect(res.status).toBe(200);
          const got = s.onlyRequest();
          const want = create(ListBooksRequestSchema, { parent: "shelves/s1", pageToken: token, pageSize: size, tags });
          expect(equals(ListBooksRequestSchema, got as never, want)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("carries any message the generated REST client sends to the server unchanged (body, path and query)", async () => {
    const s = libraryServer();
    await s.server.start();
    const client = new LibraryServiceHttpClient(new HttpConn({ baseUrl: `http://${s.server.address}` }));
    try {
      await fc.assert(
        fc.asyncProperty(book, text, fc.array(text, { maxLength: 3 }), async (init, author, tags) => {
          s.calls.splice(0);
          const created = create(CreateBookRequestSchema, { parent: "shelves/s 1", book: init, requestId: author });
          await client.createBook(created);
          expect(equals(CreateBookRequestSchema, s.onlyRequest() as never, created)).toBe(true);
          s.calls.splice(0);
          // A query string has no way to say "set, but empty": an empty filter is no filter.
          const filter = author === "" ? undefined : { author };
          const listed = create(ListBooksRequestSchema, { parent: "shelves/s1", filter, tags });
          await client.listBooks(listed);
          expect(equals(ListBooksRequestSchema, s.onlyRequest() as never, listed)).toBe(true);
        }),
        { numRuns: 100 },
      );
    } finally {
      await s.server.stop();
    }
  });
});
