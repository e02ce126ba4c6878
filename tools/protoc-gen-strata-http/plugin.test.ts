import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { clone, create, fromBinary, setExtension, toBinary, type MessageInitShape } from "@bufbuild/protobuf";
import {
  CodeGeneratorRequestSchema,
  FileDescriptorProtoSchema,
  FileDescriptorSetSchema,
  type CodeGeneratorRequest,
  type FileDescriptorProto,
} from "@bufbuild/protobuf/wkt";
import { beforeAll, describe, expect, it } from "vitest";
import { http } from "../../pkg/gen/google/api/annotations_pb.js";
import { HttpRuleSchema } from "../../pkg/gen/google/api/http_pb.js";
import { plugin } from "./plugin.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const LIBRARY = "library/v1/library.proto";
const PARAMETER = "target=ts,import_extension=js,runtime=../../pkg";

let files: FileDescriptorProto[];

beforeAll(() => {
  // The library contract and its imports as buf compiles them (with comments), as `buf generate` passes them.
  const bytes = execFileSync(
    `${root}node_modules/.bin/buf`,
    ["build", "tools/testdata", "--path", `tools/testdata/${LIBRARY}`, "-o", "-#format=binpb"],
    {
      cwd: root,
    },
  );
  files = fromBinary(FileDescriptorSetSchema, bytes).file;
});

function request(protoFile: FileDescriptorProto[] = files, parameter = PARAMETER): CodeGeneratorRequest {
  return create(CodeGeneratorRequestSchema, { fileToGenerate: [LIBRARY], parameter, protoFile });
}

function generated(req: CodeGeneratorRequest): Map<string, string> {
  return new Map(plugin.run(req).file.map((f) => [f.name, f.content]));
}

/** The library files with one rpc's google.api.http rule replaced. */
function withRule(rpc: string, rule: MessageInitShape<typeof HttpRuleSchema>): FileDescriptorProto[] {
  return files.map((file) => {
    if (file.name !== LIBRARY) return file;
    const copy = clone(FileDescriptorProtoSchema, file);
    const method = copy.service[0]?.method.find((m) => m.name === rpc);
    if (method?.options === undefined) throw new Error(`no rpc ${rpc} with options`);
    setExtension(method.options, http, create(HttpRuleSchema, rule));
    return copy;
  });
}

describe("protoc-gen-strata-http", () => {
  it("generates the committed library_http.ts and library_http_client.ts", () => {
    const out = generated(request());
    expect([...out.keys()]).toEqual(["library/v1/library_http.ts", "library/v1/library_http_client.ts"]);
    for (const [name, content] of out) {
      expect(content).toBe(readFileSync(`${root}tools/testdata/${name}`, "utf8"));
    }
  });

  it("states every rule and additional binding, and skips streaming rpcs", async () => {
    const { LibraryServiceHttpRoutes } = await import("../testdata/library/v1/library_http.js");
    expect(LibraryServiceHttpRoutes.map((r) => [r.rpc.name, r.method, r.path, r.body, r.responseBody])).toEqual([
      ["GetBook", "GET", "/v1/{name=shelves/*/books/*}", "", ""],
      ["GetBook", "GET", "/v1/books/{name}", "", ""],
      ["CreateBook", "POST", "/v1/{parent=shelves/*}/books", "book", ""],
      ["UpdateBook", "PATCH", "/v1/{book.name=shelves/*/books/*}", "book", ""],
      ["DeleteBook", "DELETE", "/v1/{name=shelves/*/books/*}", "", ""],
      ["ListBooks", "GET", "/v1/{parent=shelves/*}/books", "", ""],
      ["BatchCreateBooks", "POST", "/v1/{parent=shelves/*}/books:batchCreate", "*", ""],
      ["CancelLoan", "POST", "/v1/{name=shelves/*/books/*}:cancel", "*", ""],
      ["AddTags", "POST", "/v1/{name=shelves/*/books/*}:addTags", "tags", ""],
      ["GetShelf", "GET", "/v1/shelves/{shelf_id}", "", ""],
      ["GetShelfStats", "GET", "/v1/shelves:stats", "", ""],
      ["CountShelfBooks", "GET", "/v1/shelves/{shelf_id}:countBooks", "", ""],
      ["ReplaceShelf", "PUT", "/v1/shelves/{shelf.shelf_id}", "shelf", ""],
      ["ListShelves", "GET", "/v1/shelves", "", "shelves"],
      ["ListShelves", "GET", "/v1/shelves:all", "", ""],
      ["GetFile", "GET", "/v1/{path=files/**}", "", ""],
      ["DownloadFile", "GET", "/v1/{path=files/**}:download", "", "content"],
      ["SearchBooks", "SEARCH", "/v1/books", "*", ""],
    ]);
    const content = generated(request()).get("library/v1/library_http.ts") ?? "";
    expect(content).toContain("Not served over HTTP (streaming): WatchBooks.");
    expect(content).not.toContain("watchBooks");
    expect(content).not.toContain("ping");
  });

  it("imports the runtime relative to each generated file, or from a package", () => {
    const relative = generated(request()).get("library/v1/library_http.ts") ?? "";
    expect(relative).toContain('from "../../../../pkg/transport/http/index.js"');
    const pkg =
      generated(request(files, "target=ts,import_extension=js,runtime=@acme/strata")).get(
        "library/v1/library_http.ts",
      ) ?? "";
    expect(pkg).toContain('from "@acme/strata/transport/http/index.js"');
  });

  it("generates nothing for a file without http rules", () => {
    const bare = files.map((f) => {
      if (f.name !== LIBRARY) return f;
      const copy = clone(FileDescriptorProtoSchema, f);
      for (const m of copy.service[0]?.method ?? []) m.options = undefined;
      return copy;
    });
    expect(generated(request(bare)).size).toBe(0);
  });

  it.each([
    [
      "a path variable naming no field",
      "GetBook",
      { pattern: { case: "get", value: "/v1/{nme=shelves/*}" } },
      'library.v1.LibraryService.GetBook: rule "GET /v1/{nme=shelves/*}": path variable "nme" names no field: library.v1.GetBookRequest has no field "nme"',
    ],
    [
      "a nested path variable naming no field",
      "UpdateBook",
      { pattern: { case: "patch", value: "/v1/{book.nam}" }, body: "book" },
      'library.v1.LibraryService.UpdateBook: rule "PATCH /v1/{book.nam}" (body "book"): path variable "book.nam" names no field',
    ],
    [
      "a repeated path variable",
      "ListBooks",
      { pattern: { case: "get", value: "/v1/{tags}/books" } },
      'library.v1.LibraryService.ListBooks: rule "GET /v1/{tags}/books": path variable "tags" is repeated',
    ],
    [
      "a message path variable",
      "ListBooks",
      { pattern: { case: "get", value: "/v1/{filter}/books" } },
      'library.v1.LibraryService.ListBooks: rule "GET /v1/{filter}/books": path variable "filter" is a message',
    ],
    [
      "a body naming no field",
      "CreateBook",
      { pattern: { case: "post", value: "/v1/books" }, body: "bok" },
      'library.v1.LibraryService.CreateBook: rule "POST /v1/books" (body "bok"): body "bok" names no top-level field of library.v1.CreateBookRequest',
    ],
    [
      "a response_body naming no field",
      "ListShelves",
      { pattern: { case: "get", value: "/v1/shelves" }, responseBody: "shelf" },
      'library.v1.LibraryService.ListShelves: rule "GET /v1/shelves" (response_body "shelf"): response_body "shelf" names no top-level field',
    ],
    [
      "an invalid template",
      "GetBook",
      { pattern: { case: "get", value: "/v1/{name=**}/x" } },
      'library.v1.LibraryService.GetBook: rule "GET /v1/{name=**}/x": invalid path template "/v1/{name=**}/x": ** must be the last segment',
    ],
    [
      "an invalid additional binding",
      "GetBook",
      {
        pattern: { case: "get", value: "/v1/{name=shelves/*/books/*}" },
        additionalBindings: [{ pattern: { case: "get", value: "/v1/books/{id}" } }],
      },
      'library.v1.LibraryService.GetBook: rule "GET /v1/books/{id}": path variable "id" names no field',
    ],
    [
      "nested additional_bindings",
      "GetBook",
      {
        pattern: { case: "get", value: "/v1/{name=shelves/*/books/*}" },
        additionalBindings: [
          {
            pattern: { case: "get", value: "/v1/books/{name}" },
            additionalBindings: [{ pattern: { case: "get", value: "/v2/books/{name}" } }],
          },
        ],
      },
      "library.v1.LibraryService.GetBook: additional_bindings cannot nest",
    ],
    [
      "a rule without a pattern",
      "GetBook",
      { body: "*" },
      "library.v1.LibraryService.GetBook: a google.api.http rule has no HTTP method and path",
    ],
  ] as const)("fails on %s, naming the rpc and the rule", (_, rpc, rule, message) => {
    expect(() => plugin.run(request(withRule(rpc, rule as MessageInitShape<typeof HttpRuleSchema>)))).toThrow(message);
  });

  it("rejects unknown and missing options", () => {
    expect(() => plugin.run(request(files, "target=ts"))).toThrow("option runtime is required");
    expect(() => plugin.run(request(files, "target=ts,runtime=../pkg,flavour=x"))).toThrow('unknown option "flavour"');
  });

  it("exits non-zero with the error on stderr when run as a protoc plugin", () => {
    const bad = request(withRule("GetBook", { pattern: { case: "get", value: "/v1/{nme}" } }));
    const result = spawnSync(process.execPath, ["--import", "tsx", "tools/protoc-gen-strata-http/main.ts"], {
      cwd: root,
      input: toBinary(CodeGeneratorRequestSchema, bad),
    });
    expect(result.status).toBe(1);
    expect(result.stderr.toString()).toContain(
      'protoc-gen-strata-http: library.v1.LibraryService.GetBook: rule "GET /v1/{nme}": path variable "nme" names no field',
    );
  });
});
