import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import {
  BookSchema,
  CreateBookRequestSchema,
  GetFileRequestSchema,
  ListBooksRequestSchema,
} from "../../tools/testdata/library/v1/library_pb.js";
import { rejectNul } from "./nul-check.js";

const failure = (run: () => void): unknown => {
  try {
    run();
  } catch (err) {
    return err;
  }
  return undefined;
};

describe("rejectNul", () => {
  it("passes a request with no NUL in any string", () => {
    const book = create(BookSchema, { name: "b", tags: ["x"], attributes: { k: "v" } });
    expect(() => rejectNul(CreateBookRequestSchema, create(CreateBookRequestSchema, { book }))).not.toThrow();
    expect(() => rejectNul(GetFileRequestSchema, create(GetFileRequestSchema))).not.toThrow();
  });

  it.each([
    ["a top-level string", { parent: "a\0" }, "parent"],
    ["a nested message's string", { book: { title: "t\0" } }, "book.title"],
    ["a list item", { book: { tags: ["ok", "\0"] } }, "book.tags[1]"],
    ["a map value", { book: { attributes: { k: "v\0" } } }, 'book.attributes["k"]'],
    ["a map key", { book: { attributes: { "k\0": "v" } } }, 'book.attributes["k\\u0000"]'],
  ])("rejects NUL in %s with 400 MALFORMED_REQUEST naming the field", (_, init, field) => {
    const err = failure(() => rejectNul(CreateBookRequestSchema, create(CreateBookRequestSchema, init)));
    expect(err).toMatchObject({ code: 400, reason: "MALFORMED_REQUEST", metadata: { field } });
  });

  it("looks into oneofs, wrappers and nested types", () => {
    const check = (init: Parameters<typeof create<typeof ListBooksRequestSchema>>[1]) =>
      failure(() => rejectNul(ListBooksRequestSchema, create(ListBooksRequestSchema, init)));
    expect(check({ order: { case: "byField", value: "\0" } })).toMatchObject({ metadata: { field: "by_field" } });
    expect(check({ language: "e\0n" })).toMatchObject({ metadata: { field: "language" } });
    expect(check({ filter: { author: "\0" } })).toMatchObject({ metadata: { field: "filter.author" } });
    expect(check({ readMask: { paths: ["\0"] } })).toMatchObject({ metadata: { field: "read_mask.paths[0]" } });
    expect(check({ order: { case: "byTitle", value: true }, filter: { pages: { min: 1n } } })).toBeUndefined();
  });
});
