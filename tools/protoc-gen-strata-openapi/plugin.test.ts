import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { create, createRegistry, fromBinary, toJson } from "@bufbuild/protobuf";
import { anyPack, CodeGeneratorRequestSchema, FileDescriptorSetSchema, TimestampSchema } from "@bufbuild/protobuf/wkt";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { operationsOf, type OpenApiDocument } from "../../test/support/openapi.js";
import { BookSchema, Genre, ShelfSchema } from "../testdata/library/v1/library_pb.js";
import { plugin } from "./plugin.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const FILES = ["library/v1/library.proto", "library/v1/error_reason.proto"];
const DOC = "library/v1/library_service.openapi.json";

type Json = Record<string, unknown>;
let out: Map<string, string>;
let doc: OpenApiDocument & {
  paths: Record<string, Record<string, Json>>;
  components: Json & { schemas: Record<string, Json> };
};

beforeAll(() => {
  // The library contract and its imports as buf compiles them (with comments), as `buf generate` passes them.
  const paths = FILES.flatMap((f) => ["--path", `tools/testdata/${f}`]);
  const bytes = execFileSync(
    `${root}node_modules/.bin/buf`,
    ["build", "tools/testdata", ...paths, "-o", "-#format=binpb"],
    {
      cwd: root,
    },
  );
  const protoFile = fromBinary(FileDescriptorSetSchema, bytes).file;
  const request = create(CodeGeneratorRequestSchema, {
    fileToGenerate: FILES,
    parameter: "target=ts,merged=openapi.json,title=Test contracts",
    protoFile,
  });
  out = new Map(plugin.run(request).file.map((f) => [f.name, f.content]));
  doc = JSON.parse(out.get(DOC) ?? "{}") as typeof doc;
});

const op = (method: string, path: string): Json => {
  const found = doc.paths[path]?.[method];
  if (found === undefined) throw new Error(`no ${method} ${path}`);
  return found;
};
const param = (operation: Json, name: string): Json | undefined =>
  (operation.parameters as Json[] | undefined)?.find((p) => p.name === name);
const jsonBody = (o: Json): Json =>
  ((o.requestBody as Json).content as Record<string, { schema: Json }>)["application/json"]?.schema ?? {};
const okSchema = (o: Json): Json =>
  (((o.responses as Json)["200"] as Json).content as Record<string, { schema: Json }>)["application/json"]?.schema ??
  {};

describe("protoc-gen-strata-openapi", () => {
  it("writes the committed per-service document and the merged one", () => {
    expect([...out.keys()].sort()).toEqual([DOC, "openapi.json"]);
    expect(out.get(DOC)).toBe(readFileSync(`${root}tools/testdata/${DOC}`, "utf8"));
    expect(doc).toMatchObject({ openapi: "3.1.0", info: { title: "library.v1.LibraryService", version: "v1" } });
  });

  it("has an operation per rule and additional binding, named by the rpc and tagged with the service", () => {
    const ops = operationsOf(doc).map((o) => `${o.operation.operationId} ${o.method} ${o.path}`);
    expect(ops.sort()).toEqual(
      [
        "AddTags POST /v1/shelves/{shelf}/books/{book}:addTags",
        "BatchCreateBooks POST /v1/shelves/{shelf}/books:batchCreate",
        "CancelLoan POST /v1/shelves/{shelf}/books/{book}:cancel",
        "CountShelfBooks GET /v1/shelves/{shelfId}:countBooks",
        "CreateBook POST /v1/shelves/{shelf}/books",
        "DeleteBook DELETE /v1/shelves/{shelf}/books/{book}",
        "DownloadFile GET /v1/files/{file}:download",
        "GetBook GET /v1/shelves/{shelf}/books/{book}",
        "GetBook_2 GET /v1/books/{name}",
        "GetFile GET /v1/files/{file}",
        "GetShelf GET /v1/shelves/{shelfId}",
        "GetShelfStats GET /v1/shelves:stats",
        "ListBooks GET /v1/shelves/{shelf}/books",
        "ListShelves GET /v1/shelves",
        "ListShelves_2 GET /v1/shelves:all",
        "ReplaceShelf PUT /v1/shelves/{shelfId}",
        "SearchBooks SEARCH /v1/books",
        "UpdateBook PATCH /v1/shelves/{shelf}/books/{book}",
      ].sort(),
    );
    // Streaming rpcs and rpcs without a rule are not served over REST.
    expect(JSON.stringify(doc.paths)).not.toMatch(/WatchBooks|"Ping"/);
    expect(op("get", "/v1/shelves/{shelf}/books/{book}")).toMatchObject({
      tags: ["LibraryService"],
      summary:
        "A multi-segment path variable, with an additional binding that takes the whole name from a single segment.",
    });
    expect(JSON.stringify(doc)).not.toContain("buf:lint");
    expect(op("get", "/v1/shelves:stats")).toMatchObject({ deprecated: true });
  });

  it("splits a multi-segment variable into a parameter per wildcard and names the field a shared path sets", () => {
    expect(param(op("get", "/v1/shelves/{shelf}/books/{book}"), "shelf")).toMatchObject({
      in: "path",
      required: true,
      schema: { type: "string", pattern: "^[^/]+$" },
    });
    expect(String(param(op("patch", "/v1/shelves/{shelf}/books/{book}"), "book")?.description)).toContain(
      "`book.name`",
    );
    expect(String(param(op("put", "/v1/shelves/{shelfId}"), "shelfId")?.description)).toContain("Sets `shelf.shelfId`");
    expect(param(op("get", "/v1/files/{file}"), "file")?.schema).toEqual({ type: "string" });
  });

  it("lists the fields neither path nor body binds as query parameters, nested ones dotted", () => {
    const list = op("get", "/v1/shelves/{shelf}/books");
    const names = (list.parameters as Json[]).filter((p) => p.in === "query").map((p) => p.name);
    expect(names).toEqual([
      "pageSize",
      "pageToken",
      "filter.author",
      "filter.pages.min",
      "filter.pages.max",
      "tags",
      "genre",
      "genres",
      "publishedAfter",
      "readMask",
      "minPages",
      "availableOnly",
      "cursor",
      "minRating",
      "maxAge",
      "language",
      "maxResults",
      "byTitle",
      "byField",
    ]);
    expect(param(list, "tags")).toMatchObject({
      style: "form",
      explode: true,
      schema: { type: "array", items: { type: "string" } },
    });
    expect(param(list, "genres")?.schema).toMatchObject({ items: { $ref: "#/components/schemas/library.v1.Genre" } });
    expect(param(list, "minPages")?.schema).toMatchObject({ type: "string", format: "int64" });
    expect(param(list, "publishedAfter")?.schema).toMatchObject({
      $ref: "#/components/schemas/google.protobuf.Timestamp",
    });
    // The body field is not a query parameter; with body "*" there are none.
    expect(param(op("post", "/v1/shelves/{shelf}/books"), "book")).toBeUndefined();
    expect(param(op("post", "/v1/shelves/{shelf}/books"), "requestId")).toBeDefined();
    expect(
      (op("post", "/v1/shelves/{shelf}/books:batchCreate").parameters as Json[]).every((p) => p.in === "path"),
    ).toBe(true);
  });

  it("describes the body: a field, the request less its path fields, or none", () => {
    expect(jsonBody(op("post", "/v1/shelves/{shelf}/books"))).toMatchObject({
      $ref: "#/components/schemas/library.v1.Book",
    });
    const batch = jsonBody(op("post", "/v1/shelves/{shelf}/books:batchCreate"));
    expect(Object.keys(batch.properties as Json)).toEqual(["books", "validateOnly"]);
    expect(jsonBody(op("post", "/v1/shelves/{shelf}/books/{book}:addTags"))).toMatchObject({
      type: "array",
      items: { type: "string" },
    });
    expect(op("delete", "/v1/shelves/{shelf}/books/{book}").requestBody).toBeUndefined();
  });

  it("describes the reply, or its response_body field", () => {
    expect(okSchema(op("get", "/v1/shelves"))).toMatchObject({
      type: "array",
      items: { $ref: "#/components/schemas/library.v1.Shelf" },
    });
    expect(okSchema(op("get", "/v1/files/{file}:download"))).toMatchObject({
      type: "string",
      contentEncoding: "base64",
    });
    expect(okSchema(op("delete", "/v1/shelves/{shelf}/books/{book}"))).toEqual({
      $ref: "#/components/schemas/google.protobuf.Empty",
    });
  });

  it("lists each error status with the service's and the kit's reasons", () => {
    const responses = doc.components.responses as Record<string, { content: Record<string, { schema: Json }> }>;
    const reasons = (code: number): unknown =>
      ((responses[`Error${code}`]?.content["application/json"]?.schema.allOf as Json[])[1]?.properties as Json).reason;
    expect(reasons(404)).toEqual({ enum: ["BOOK_NOT_FOUND"] });
    expect(reasons(409)).toEqual({ enum: ["SHELF_FULL"] });
    expect(reasons(400)).toEqual({ enum: ["VALIDATION_FAILED", "MALFORMED_REQUEST"] });
    expect(reasons(500)).toEqual({ enum: ["INTERNAL"] });
    expect(reasons(401)).toEqual({ enum: ["TOKEN_MISSING", "TOKEN_EXPIRED", "TOKEN_INVALID"] });
    // The (strata.auth.v1.rule) scopes: a bearer token with them, else 403.
    expect(op("get", "/v1/shelves/{shelf}/books/{book}")).toMatchObject({ security: [{ bearer: ["library.read"] }] });
    expect((op("get", "/v1/shelves/{shelf}/books/{book}").responses as Json)["403"]).toBeDefined();
    expect((op("get", "/v1/shelves/{shelf}/books/{book}").responses as Json)["404"]).toEqual({
      $ref: "#/components/responses/Error404",
    });
    // No body, no 413.
    expect((op("get", "/v1/shelves/{shelf}/books/{book}").responses as Json)["413"]).toBeUndefined();
    expect((op("post", "/v1/shelves/{shelf}/books").responses as Json)["413"]).toBeDefined();
  });

  it("maps field behaviors and buf.validate rules", () => {
    const book = doc.components.schemas["library.v1.Book"] as Json & { properties: Record<string, Json> };
    expect(book.required).toEqual(["title"]);
    expect(book.properties.title).toMatchObject({ minLength: 1, maxLength: 300 });
    expect(book.properties.createTime).toMatchObject({ readOnly: true });
    expect(book.properties.importToken).toMatchObject({ writeOnly: true });
    expect(book.properties.legacyCode).toMatchObject({ deprecated: true });
    expect(book.properties.isbn).toMatchObject({ pattern: "^[0-9]{13}$" });
    expect(book.properties.contact).toMatchObject({ format: "email" });
    expect(book.properties.ratings).toMatchObject({ maxItems: 100, items: { minimum: 1, maximum: 5 } });
    expect(book.properties.room).toMatchObject({ exclusiveMaximum: 1000 });
    expect(book.properties.chapters).toMatchObject({ propertyNames: { pattern: "^-?[0-9]+$" } });
  });

  it("has schemas that the proto3 JSON of a message validates against, and that reject what the server never writes", () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    for (const format of ["int32", "int64", "uint32", "uint64", "float", "double", "byte"]) ajv.addFormat(format, true);
    ajv.addSchema({ $id: "doc", components: doc.components });
    const validate = ajv.compile({ $ref: "doc#/components/schemas/library.v1.Book" });
    const registry = createRegistry(ShelfSchema);
    const book = create(BookSchema, {
      name: "shelves/1/books/2",
      title: "Dune",
      genre: Genre.FICTION,
      publishTime: create(TimestampSchema, { seconds: 1n, nanos: 5 }),
      pageCount: 412n,
      tags: ["a"],
      cover: new Uint8Array([1, 2, 255]),
      attributes: { k: "v" },
      isbn: "9780441013593",
      details: { nested: { a: [1, "x", null] } },
      copies: 3n,
      chapters: { 1: 1n, 2: 40n },
      ratings: [5],
      loanPeriod: { seconds: 90n, nanos: 500_000_000 },
      attachment: anyPack(ShelfSchema, create(ShelfSchema, { shelfId: "s" })),
      note: { kind: { case: "stringValue", value: "any" } },
      contact: "a@b.example",
      location: { case: "room", value: 12 },
    });
    const json = toJson(BookSchema, book, { registry });
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...(json as Json), pageCount: 412 })).toBe(false);
    expect(validate({ ...(json as Json), genre: 1 })).toBe(false);
    expect(validate({ ...(json as Json), shelfCode: "A1" })).toBe(false);
    expect(validate({ ...(json as Json), page_count: "1" })).toBe(false);
  });
});
