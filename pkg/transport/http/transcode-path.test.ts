import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import {
  CountShelfBooksRequestSchema,
  DownloadFileRequestSchema,
  GetBookRequestSchema,
  GetFileRequestSchema,
  GetShelfRequestSchema,
  GetShelfStatsRequestSchema,
  ListShelvesRequestSchema,
  ReplaceShelfRequestSchema,
  UpdateBookRequestSchema,
  BookSchema,
  CancelLoanRequestSchema,
  DeleteBookRequestSchema,
} from "../../../tools/testdata/library/v1/library_pb.js";
import { libraryServer } from "../../../tools/testdata/library/library-server.js";

describe("path variables", () => {
  it("binds a multi-segment variable: {name=shelves/*/books/*}", async () => {
    const s = libraryServer();
    const res = await s.send("GET", "/v1/shelves/s1/books/b1");
    expect(res.status).toBe(200);
    expect(s.calls.map((c) => c.rpc)).toEqual(["getBook"]);
    expect(s.onlyRequest()).toEqual(create(GetBookRequestSchema, { name: "shelves/s1/books/b1" }));
  });

  it("decodes a single-segment variable fully, and a multi-segment one except %2F", async () => {
    const s = libraryServer();
    await s.send("GET", "/v1/books/a%2Fb%20c");
    await s.send("GET", "/v1/shelves/s%201/books/b%2F1");
    expect(s.calls.map((c) => c.request)).toEqual([
      create(GetBookRequestSchema, { name: "a/b c" }),
      create(GetBookRequestSchema, { name: "shelves/s 1/books/b%2F1" }),
    ]);
  });

  it("does not match a path that breaks the variable's pattern", async () => {
    const s = libraryServer();
    const res = await s.send("GET", "/v1/shelves/s1/cds/b1");
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ code: 404, reason: "ROUTE_NOT_FOUND" });
    expect(s.calls).toEqual([]);
  });

  it("binds a nested field: PATCH /v1/{book.name=shelves/*/books/*}", async () => {
    const s = libraryServer();
    await s.send("PATCH", "/v1/shelves/s1/books/b1", { title: "Dune" });
    expect(s.onlyRequest()).toEqual(
      create(UpdateBookRequestSchema, { book: { name: "shelves/s1/books/b1", title: "Dune" } }),
    );
  });

  it("binds a nested field of a single segment: PUT /v1/shelves/{shelf.shelf_id}", async () => {
    const s = libraryServer();
    await s.send("PUT", "/v1/shelves/s9", { theme: "poetry" });
    expect(s.onlyRequest()).toEqual(create(ReplaceShelfRequestSchema, { shelf: { shelfId: "s9", theme: "poetry" } }));
  });

  it("lets the path win over the same field in the body", async () => {
    const s = libraryServer();
    await s.send("PATCH", "/v1/shelves/s1/books/b1", { name: "shelves/x/books/y", title: "T" });
    expect(s.onlyRequest()).toEqual(
      create(UpdateBookRequestSchema, { book: { name: "shelves/s1/books/b1", title: "T" } }),
    );
  });

  it("binds ** to any number of segments", async () => {
    const s = libraryServer();
    await s.send("GET", "/v1/files/a/b/c.txt");
    await s.send("GET", "/v1/files/top.txt");
    await s.send("GET", "/v1/files/a%2Fb/c");
    expect(s.calls.map((c) => c.request)).toEqual([
      create(GetFileRequestSchema, { path: "files/a/b/c.txt" }),
      create(GetFileRequestSchema, { path: "files/top.txt" }),
      create(GetFileRequestSchema, { path: "files/a%2Fb/c" }),
    ]);
  });

  it("tells {path=files/**}:download from {path=files/**} (one fastify route)", async () => {
    const s = libraryServer();
    await s.send("GET", "/v1/files/a/b:download");
    await s.send("GET", "/v1/files/a/b");
    expect(s.calls.map((c) => [c.rpc, c.request])).toEqual([
      ["downloadFile", create(DownloadFileRequestSchema, { path: "files/a/b" })],
      ["getFile", create(GetFileRequestSchema, { path: "files/a/b" })],
    ]);
  });

  it("serves GET /v1/shelves/{shelf_id}, GET /v1/shelves:stats and GET /v1/shelves/{shelf_id}:countBooks side by side", async () => {
    const s = libraryServer();
    expect((await s.send("GET", "/v1/shelves:stats")).status).toBe(200);
    expect((await s.send("GET", "/v1/shelves/s1")).status).toBe(200);
    expect((await s.send("GET", "/v1/shelves/s1:countBooks")).status).toBe(200);
    expect((await s.send("GET", "/v1/shelves")).status).toBe(200);
    expect((await s.send("GET", "/v1/shelves:all")).status).toBe(200);
    expect(s.calls.map((c) => [c.rpc, c.request])).toEqual([
      ["getShelfStats", create(GetShelfStatsRequestSchema)],
      ["getShelf", create(GetShelfRequestSchema, { shelfId: "s1" })],
      ["countShelfBooks", create(CountShelfBooksRequestSchema, { shelfId: "s1" })],
      ["listShelves", create(ListShelvesRequestSchema)],
      ["listShelves", create(ListShelvesRequestSchema)],
    ]);
  });

  it("keeps a colon in a variable when no verb route matches", async () => {
    const s = libraryServer();
    await s.send("GET", "/v1/shelves/s1:unknownVerb");
    expect(s.calls.map((c) => [c.rpc, c.request])).toEqual([
      ["getShelf", create(GetShelfRequestSchema, { shelfId: "s1:unknownVerb" })],
    ]);
  });

  it("serves a custom verb after a multi-segment variable: POST /v1/{name=shelves/*/books/*}:cancel", async () => {
    const s = libraryServer();
    await s.send("POST", "/v1/shelves/s1/books/b1:cancel", { reason: "lost" });
    expect(s.calls.map((c) => [c.rpc, c.request])).toEqual([
      ["cancelLoan", create(CancelLoanRequestSchema, { name: "shelves/s1/books/b1", reason: "lost" })],
    ]);
  });

  it("serves additional_bindings like the main rule", async () => {
    const s = libraryServer();
    await s.send("GET", "/v1/shelves/s1/books/b1");
    await s.send("GET", "/v1/books/b1");
    expect(s.calls.map((c) => [c.rpc, c.request])).toEqual([
      ["getBook", create(GetBookRequestSchema, { name: "shelves/s1/books/b1" })],
      ["getBook", create(GetBookRequestSchema, { name: "b1" })],
    ]);
  });

  it("routes by HTTP method: DELETE and GET share a template", async () => {
    const s = libraryServer();
    await s.send("DELETE", "/v1/shelves/s1/books/b1");
    expect(s.calls.map((c) => [c.rpc, c.request])).toEqual([
      ["deleteBook", create(DeleteBookRequestSchema, { name: "shelves/s1/books/b1" })],
    ]);
    expect((await s.send("PUT", "/v1/shelves/s1/books/b1", {})).status).toBe(404);
  });

  it("takes a long path segment (find-my-way's default limit is 100 characters)", async () => {
    const s = libraryServer();
    const id = "x".repeat(500);
    await s.send("GET", `/v1/shelves/${id}`);
    expect(s.onlyRequest()).toEqual(create(GetShelfRequestSchema, { shelfId: id }));
  });

  it("keeps the body's other fields alongside nested path fields", async () => {
    const s = libraryServer();
    await s.send("PATCH", "/v1/shelves/s1/books/b1", { tags: ["a"], pageCount: "12" });
    expect(s.onlyRequest()).toEqual(
      create(UpdateBookRequestSchema, {
        book: create(BookSchema, { name: "shelves/s1/books/b1", tags: ["a"], pageCount: 12n }),
      }),
    );
  });
});
