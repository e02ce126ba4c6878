import { describe, expect, it } from "vitest";
import { parseTemplate } from "./template.js";

describe("parseTemplate", () => {
  it("parses literal segments", () => {
    expect(parseTemplate("/v1/shelves")).toEqual({
      source: "/v1/shelves",
      segments: [
        { kind: "literal", value: "v1" },
        { kind: "literal", value: "shelves" },
      ],
      variables: [],
      verb: undefined,
    });
  });

  it("reads {field} as {field=*}", () => {
    const t = parseTemplate("/v1/books/{id}");
    expect(t.segments[2]).toEqual({ kind: "wildcard" });
    expect(t.variables).toEqual([{ fieldPath: ["id"], name: "id", start: 2, end: 3 }]);
  });

  it("parses nested field paths", () => {
    expect(parseTemplate("/v1/{book.name}").variables).toEqual([
      { fieldPath: ["book", "name"], name: "book.name", start: 1, end: 2 },
    ]);
  });

  it("expands a multi-segment variable into its segments", () => {
    const t = parseTemplate("/v1/{name=shelves/*/books/*}");
    expect(t.segments).toEqual([
      { kind: "literal", value: "v1" },
      { kind: "literal", value: "shelves" },
      { kind: "wildcard" },
      { kind: "literal", value: "books" },
      { kind: "wildcard" },
    ]);
    expect(t.variables).toEqual([{ fieldPath: ["name"], name: "name", start: 1, end: 5 }]);
  });

  it("parses ** and unnamed wildcards", () => {
    const t = parseTemplate("/v1/*/files/{path=**}");
    expect(t.segments.map((s) => s.kind)).toEqual(["literal", "wildcard", "literal", "deepWildcard"]);
    expect(t.variables).toEqual([{ fieldPath: ["path"], name: "path", start: 3, end: 4 }]);
    expect(parseTemplate("/v1/**").segments[1]).toEqual({ kind: "deepWildcard" });
  });

  it("parses several variables", () => {
    const t = parseTemplate("/v1/{parent=shelves/*}/books/{book_id}");
    expect(t.variables).toEqual([
      { fieldPath: ["parent"], name: "parent", start: 1, end: 3 },
      { fieldPath: ["book_id"], name: "book_id", start: 4, end: 5 },
    ]);
  });

  it("parses a custom verb after a literal, a variable and **", () => {
    expect(parseTemplate("/v1/books:stats").verb).toBe("stats");
    expect(parseTemplate("/v1/books:stats").segments).toHaveLength(2);
    expect(parseTemplate("/v1/{name=shelves/*}:cancel").verb).toBe("cancel");
    expect(parseTemplate("/v1/{path=files/**}:download").verb).toBe("download");
    expect(parseTemplate("/v1/{id}:batch-get.v2").verb).toBe("batch-get.v2");
  });

  it.each([
    ["v1/books", "must start with /"],
    ["/", "empty segment"],
    ["/v1//books", "empty segment"],
    ["/v1/books/", "empty segment"],
    ["/v1/{id", "unclosed variable"],
    ["/v1/{id=*", "unclosed variable"],
    ["/v1/{a={b}}", "variables cannot nest"],
    ["/v1/{}", "invalid field path"],
    ["/v1/{a..b}", "invalid field path"],
    ["/v1/{1a}", "invalid field path"],
    ["/v1/**/x", "** must be the last segment"],
    ["/v1/{a=**}/{b}", "** must be the last segment"],
    ["/v1/{id}/{id}", 'field "id" is bound twice'],
    ["/v1/books:", 'invalid verb ":"'],
    ["/v1/books:a/b", 'invalid verb ":a/b"'],
    ["/v1/to%20do", 'invalid literal "to%20do"'],
    ["/v1/a{b}", 'invalid literal "a{b}"'],
    ["/v1/***", 'invalid literal "***"'],
    ["/v1/{a=b:c}", 'invalid literal "b:c"'],
    ["/v1/{a}x", 'unexpected "x"'],
  ])("rejects %s", (source, problem) => {
    expect(() => parseTemplate(source)).toThrow(`invalid path template "${source}": ${problem}`);
  });
});
