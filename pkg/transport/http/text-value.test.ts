import { describe, expect, it } from "vitest";
import { ListBooksRequestSchema } from "../../../tools/testdata/library/v1/library_pb.js";
import { StrataError } from "../../errors/error.js";
import { fieldMaskFromText, jsonFromText } from "./text-value.js";

const field = (name: string) => {
  const f = ListBooksRequestSchema.fields.find((x) => x.name === name);
  if (f === undefined) throw new Error(name);
  return f;
};

describe("jsonFromText", () => {
  it("converts text to the field's proto3 JSON value", () => {
    expect(jsonFromText(field("page_size"), ["12"], "page_size")).toBe("12");
    expect(jsonFromText(field("available_only"), ["true"], "x")).toBe(true);
    expect(jsonFromText(field("available_only"), ["0"], "x")).toBe(false);
    expect(jsonFromText(field("available_only"), ["yes"], "x")).toBe("yes");
    expect(jsonFromText(field("genre"), ["GENRE_FICTION"], "x")).toBe("GENRE_FICTION");
    expect(jsonFromText(field("genre"), ["2"], "x")).toBe(2);
    expect(jsonFromText(field("genres"), ["1", "GENRE_HISTORY"], "x")).toEqual([1, "GENRE_HISTORY"]);
    expect(jsonFromText(field("tags"), ["a", "b"], "x")).toEqual(["a", "b"]);
    expect(jsonFromText(field("published_after"), ["2020-01-01T00:00:00Z"], "x")).toBe("2020-01-01T00:00:00Z");
    expect(jsonFromText(field("read_mask"), ["a_b,c"], "x")).toBe("aB,c");
  });

  it("takes numbers in decimal only, as proto3 JSON writes them", () => {
    expect(jsonFromText(field("page_size"), ["-1.5e3"], "page_size")).toBe("-1.5e3");
    for (const text of ["0x10", "0b1", "0o7", " 7", "7 ", "", "010", "1_000", "+1", "Infinity"]) {
      expect(() => jsonFromText(field("page_size"), [text], "pageSize")).toThrow(
        expect.objectContaining({ code: 400, reason: "MALFORMED_REQUEST", metadata: { field: "pageSize" } }),
      );
    }
  });

  it("refuses messages, and a singular field given twice", () => {
    expect(() => jsonFromText(field("filter"), ["x"], "filter")).toThrow(StrataError);
    expect(() => jsonFromText(field("page_size"), ["1", "2"], "page_size")).toThrow("given 2 times");
  });
});

describe("fieldMaskFromText", () => {
  it("writes paths in lowerCamelCase, keeping dots, dropping empty paths", () => {
    expect(fieldMaskFromText("title,page_count,filter.pages_min,,")).toBe("title,pageCount,filter.pagesMin");
    expect(fieldMaskFromText("pageCount")).toBe("pageCount");
    expect(fieldMaskFromText("")).toBe("");
  });
});
