import { describe, expect, it } from "vitest";
import { LibraryService } from "../../../tools/testdata/library/v1/library_pb.js";
import { compileRoute, describeRoute, HttpRouteError } from "./compile.js";
import type { HttpRoute } from "./route.js";

const { getBook, updateBook, listBooks, createBook, listShelves, watchBooks } = LibraryService.method;

const route = (init: Partial<HttpRoute>): HttpRoute => ({
  rpc: getBook,
  method: "GET",
  path: "/v1/{name=shelves/*/books/*}",
  body: "",
  responseBody: "",
  ...init,
});

describe("compileRoute", () => {
  it("resolves path variables, body and response_body", () => {
    const c = compileRoute(
      route({ rpc: updateBook, method: "PATCH", path: "/v1/{book.name=shelves/*/books/*}", body: "book" }),
    );
    expect(c.routePath).toBe("/v1/shelves/:p0/books/:p1");
    expect([...c.pathFields.keys()]).toEqual(["book.name"]);
    expect(c.pathFields.get("book.name")?.map((f) => f.name)).toEqual(["book", "name"]);
    expect(c.body).toMatchObject({ kind: "field", field: { name: "book" } });
    expect(c.responseField).toBeUndefined();
    expect(
      compileRoute(route({ rpc: createBook, method: "POST", path: "/v1/{parent=shelves/*}/books", body: "*" })).body,
    ).toEqual({
      kind: "all",
    });
    expect(
      compileRoute(route({ rpc: listShelves, path: "/v1/shelves", responseBody: "shelves" })).responseField?.name,
    ).toBe("shelves");
  });

  it.each([
    [
      { path: "/v1/{nme=shelves/*}" },
      'path variable "nme" names no field: library.v1.GetBookRequest has no field "nme"',
    ],
    [
      { rpc: updateBook, path: "/v1/{book.nme}" },
      'path variable "book.nme" names no field: library.v1.Book has no field "nme"',
    ],
    [
      { rpc: updateBook, path: "/v1/{book.name.x}" },
      'path variable "book.name.x" names no field: book.name is not a message, so it has no field "x"',
    ],
    [
      { rpc: updateBook, path: "/v1/{book}" },
      'path variable "book" is a message; it must name a singular scalar or enum field',
    ],
    [
      { rpc: listBooks, path: "/v1/{tags}" },
      'path variable "tags" is repeated; it must name a singular scalar or enum field',
    ],
    [
      { rpc: updateBook, path: "/v1/{book.tags}" },
      'path variable "book.tags" is repeated; it must name a singular scalar or enum field',
    ],
    [
      { rpc: updateBook, path: "/v1/{book.attributes}" },
      'path variable "book.attributes" is a map; it must name a singular scalar or enum field',
    ],
    [{ rpc: listBooks, path: "/v1/{filter.pages.min}/{filter}" }, 'path variable "filter" is a message'],
    [{ path: "/v1/{name=shelves/*/**/x}" }, "invalid path template"],
    [{ path: "v1/x" }, 'invalid path template "v1/x": must start with /'],
    [{ method: "POST", body: "nme" }, 'body "nme" names no top-level field of library.v1.GetBookRequest'],
    [
      { rpc: updateBook, method: "PATCH", path: "/v1/x", body: "book.name" },
      'body "book.name" names no top-level field',
    ],
    [{ body: "*" }, "a GET rule cannot have a body"],
    [{ responseBody: "nope" }, 'response_body "nope" names no top-level field of library.v1.Book'],
    [{ method: "GE T" }, 'invalid HTTP method "GE T"'],
    [{ method: "search" }, 'the custom method "search" must be upper case'],
    [{ rpc: watchBooks, path: "/v1/{parent=shelves/*}" }, "server_streaming methods cannot be served over HTTP"],
  ])("rejects %j", (init, problem) => {
    const r = route(init);
    const call = () => compileRoute(r);
    expect(call).toThrow(HttpRouteError);
    expect(call).toThrow(`${r.rpc.parent.typeName}.${r.rpc.name}: ${describeRoute(r)}: ${problem}`);
  });
});

describe("describeRoute", () => {
  it("says the method, the path, the body and the response body", () => {
    expect(describeRoute(route({}))).toBe('rule "GET /v1/{name=shelves/*/books/*}"');
    expect(describeRoute(route({ method: "POST", body: "*", responseBody: "title" }))).toBe(
      'rule "POST /v1/{name=shelves/*/books/*}" (body "*", response_body "title")',
    );
  });
});
