import { describe, expect, it } from "vitest";
import { StrataError } from "../../errors/error.js";
import { matchTemplate } from "./match.js";
import { parseTemplate } from "./template.js";

const match = (template: string, path: string) => {
  const values = matchTemplate(parseTemplate(template), path);
  return values && Object.fromEntries(values);
};

describe("matchTemplate", () => {
  it("matches literals", () => {
    expect(match("/v1/shelves", "/v1/shelves")).toEqual({});
    expect(match("/v1/shelves", "/v1/shelve")).toBeUndefined();
    expect(match("/v1/shelves", "/v1/shelves/x")).toBeUndefined();
  });

  it("binds single-segment variables, fully decoded", () => {
    expect(match("/v1/books/{id}", "/v1/books/42")).toEqual({ id: "42" });
    expect(match("/v1/books/{id}", "/v1/books/a%2Fb%20c%3A")).toEqual({ id: "a/b c:" });
    expect(match("/v1/{book.id}", "/v1/7")).toEqual({ "book.id": "7" });
  });

  it("does not bind an empty segment", () => {
    expect(match("/v1/books/{id}", "/v1/books/")).toBeUndefined();
  });

  it("reassembles multi-segment variables, keeping %2F", () => {
    expect(match("/v1/{name=shelves/*/books/*}", "/v1/shelves/s1/books/b%20%2F1")).toEqual({
      name: "shelves/s1/books/b %2F1",
    });
    expect(match("/v1/{name=shelves/*/books/*}", "/v1/shelves/s1/cds/b1")).toBeUndefined();
  });

  it("binds ** to the rest of the path", () => {
    expect(match("/v1/{path=files/**}", "/v1/files/a/b/c.txt")).toEqual({ path: "files/a/b/c.txt" });
    expect(match("/v1/{path=files/**}", "/v1/files")).toEqual({ path: "files" });
    expect(match("/v1/{path=**}", "/v1/a%2Fb/c")).toEqual({ path: "a%2Fb/c" });
  });

  it("requires and strips the verb", () => {
    expect(match("/v1/books:stats", "/v1/books:stats")).toEqual({});
    expect(match("/v1/books:stats", "/v1/books")).toBeUndefined();
    expect(match("/v1/books/{id}:cancel", "/v1/books/42:cancel")).toEqual({ id: "42" });
    expect(match("/v1/books/{id}:cancel", "/v1/books/42:undo")).toBeUndefined();
    expect(match("/v1/{path=files/**}:download", "/v1/files/a/b:download")).toEqual({ path: "files/a/b" });
    expect(match("/v1/{path=files/**}:download", "/v1/files/a/b")).toBeUndefined();
  });

  it("leaves a colon in a variable when the template has no verb", () => {
    expect(match("/v1/books/{id}", "/v1/books/42:cancel")).toEqual({ id: "42:cancel" });
  });

  it("binds unnamed wildcards to nothing", () => {
    expect(match("/v1/*/books/{id}", "/v1/s1/books/b1")).toEqual({ id: "b1" });
  });

  it("rejects malformed escapes with MALFORMED_REQUEST", () => {
    expect(() => match("/v1/books/{id}", "/v1/books/%E0%A4%A")).toThrow(StrataError);
  });
});
