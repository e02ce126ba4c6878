import { describe, expect, it } from "vitest";
import { toRoutePath } from "./route-path.js";
import { parseTemplate } from "./template.js";

const route = (template: string) => toRoutePath(parseTemplate(template));

describe("toRoutePath", () => {
  it("keeps literals", () => {
    expect(route("/v1/shelves")).toBe("/v1/shelves");
  });

  it("turns each * into its own parameter: a parameter never spans /", () => {
    expect(route("/v1/books/{id}")).toBe("/v1/books/:p0");
    expect(route("/v1/{name=shelves/*/books/*}")).toBe("/v1/shelves/:p0/books/:p1");
    expect(route("/v1/{parent=shelves/*}/books/{id}")).toBe("/v1/shelves/:p0/books/:p1");
  });

  it("turns ** into the wildcard", () => {
    expect(route("/v1/{path=files/**}")).toBe("/v1/files/*");
  });

  it("escapes the verb's colon", () => {
    expect(route("/v1/books:stats")).toBe("/v1/books::stats");
  });

  it("ends a parameter before a verb with a regex", () => {
    expect(route("/v1/books/{id}:cancel")).toBe("/v1/books/:p0(.+)::cancel");
  });

  it("leaves a verb after ** to the matcher", () => {
    expect(route("/v1/{path=files/**}:download")).toBe("/v1/files/*");
  });
});
