import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import {
  AddTagsRequestSchema,
  BatchCreateBooksRequestSchema,
  CancelLoanRequestSchema,
  CreateBookRequestSchema,
  DeleteBookRequestSchema,
  Genre,
  SearchBooksRequestSchema,
} from "../../../tools/testdata/library/v1/library_pb.js";
import { libraryServer } from "../../../tools/testdata/library/library-server.js";

describe('body: "*"', () => {
  it("decodes the whole request from the body, the path variable on top", async () => {
    const s = libraryServer();
    const res = await s.send("POST", "/v1/shelves/s1/books:batchCreate", {
      books: [{ title: "A", genre: "GENRE_FICTION", pageCount: "300" }, { title: "B" }],
      validate_only: true,
    });
    expect(res.status).toBe(200);
    expect(s.onlyRequest()).toEqual(
      create(BatchCreateBooksRequestSchema, {
        parent: "shelves/s1",
        books: [{ title: "A", genre: Genre.FICTION, pageCount: 300n }, { title: "B" }],
        validateOnly: true,
      }),
    );
  });

  it("takes proto names and JSON names alike", async () => {
    const s = libraryServer();
    await s.send("POST", "/v1/shelves/s1/books:batchCreate", { validateOnly: true });
    await s.send("POST", "/v1/shelves/s1/books:batchCreate", { validate_only: true });
    expect(s.calls.map((c) => c.request)).toEqual([
      create(BatchCreateBooksRequestSchema, { parent: "shelves/s1", validateOnly: true }),
      create(BatchCreateBooksRequestSchema, { parent: "shelves/s1", validateOnly: true }),
    ]);
  });

  it("reads an empty body as {}", async () => {
    const s = libraryServer();
    const res = await s.send("POST", "/v1/shelves/s1/books/b1:cancel", "");
    expect(res.status).toBe(200);
    const noContentType = await s.server.fastify.inject({ method: "POST", url: "/v1/shelves/s1/books/b1:cancel" });
    expect(noContentType.statusCode).toBe(200);
    expect(s.calls.map((c) => c.request)).toEqual([
      create(CancelLoanRequestSchema, { name: "shelves/s1/books/b1" }),
      create(CancelLoanRequestSchema, { name: "shelves/s1/books/b1" }),
    ]);
  });

  it("rejects a query parameter: the body carries every field", async () => {
    const s = libraryServer();
    const res = await s.send("POST", "/v1/shelves/s1/books/b1:cancel?reason=x", {});
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ reason: "MALFORMED_REQUEST", metadata: { field: "reason" } });
  });

  it("serves a custom HTTP method (SEARCH)", async () => {
    const s = libraryServer();
    await s.send("SEARCH", "/v1/books", { query: "dune", genres: ["GENRE_SCIENCE", 1] });
    expect(s.onlyRequest()).toEqual(
      create(SearchBooksRequestSchema, { query: "dune", genres: [Genre.SCIENCE, Genre.FICTION] }),
    );
  });
});

describe('body: "<field>"', () => {
  it("decodes the field from the body and the rest from the query", async () => {
    const s = libraryServer();
    await s.send("POST", "/v1/shelves/s1/books?request_id=r-1", {
      title: "Dune",
      author: "Herbert",
      publishTime: "1965-08-01T00:00:00Z",
      cover: "AQID",
      attributes: { lang: "en" },
    });
    expect(s.onlyRequest()).toEqual(
      create(CreateBookRequestSchema, {
        parent: "shelves/s1",
        requestId: "r-1",
        book: {
          title: "Dune",
          author: "Herbert",
          publishTime: timestampFromDate(new Date("1965-08-01T00:00:00Z")),
          cover: new Uint8Array([1, 2, 3]),
          attributes: { lang: "en" },
        },
      }),
    );
  });

  it("reads an empty body as an empty message", async () => {
    const s = libraryServer();
    await s.send("POST", "/v1/shelves/s1/books", "");
    expect(s.onlyRequest()).toEqual(create(CreateBookRequestSchema, { parent: "shelves/s1", book: {} }));
  });

  it("takes a repeated field's JSON array as the body", async () => {
    const s = libraryServer();
    await s.send("POST", "/v1/shelves/s1/books/b1:addTags", ["classic", "sf"]);
    expect(s.onlyRequest()).toEqual(
      create(AddTagsRequestSchema, { name: "shelves/s1/books/b1", tags: ["classic", "sf"] }),
    );
  });

  it("rejects a query parameter naming a field inside the body field", async () => {
    const s = libraryServer();
    const res = await s.send("POST", "/v1/shelves/s1/books?book.title=x", {});
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ reason: "MALFORMED_REQUEST", metadata: { field: "book.title" } });
  });

  it("accepts application/json with a charset", async () => {
    const s = libraryServer();
    const res = await s.send(
      "POST",
      "/v1/shelves/s1/books",
      { title: "T" },
      {
        "content-type": "application/json; charset=utf-8",
      },
    );
    expect(res.status).toBe(200);
    expect(s.onlyRequest()).toEqual(create(CreateBookRequestSchema, { parent: "shelves/s1", book: { title: "T" } }));
  });
});

describe("no body", () => {
  it("ignores a body sent to a rule without one", async () => {
    const s = libraryServer();
    await s.send("DELETE", "/v1/shelves/s1/books/b1?force=true", { force: false, name: "x" });
    expect(s.onlyRequest()).toEqual(create(DeleteBookRequestSchema, { name: "shelves/s1/books/b1", force: true }));
  });
});
