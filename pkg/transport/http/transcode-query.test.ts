import { create } from "@bufbuild/protobuf";
import { DurationSchema, FieldMaskSchema, StringValueSchema, TimestampSchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { Genre, ListBooksRequestSchema } from "../../../tools/testdata/library/v1/library_pb.js";
import { libraryServer } from "../../../tools/testdata/library/library-server.js";

const LIST = "/v1/shelves/s1/books";

/** The ListBooks request decoded from a query string. */
async function decoded(query: string) {
  const s = libraryServer();
  const res = await s.send("GET", `${LIST}?${query}`);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return s.onlyRequest();
}

/** The error reply to a ListBooks query string. */
async function rejected(query: string) {
  const s = libraryServer();
  const res = await s.send("GET", `${LIST}?${query}`);
  expect(s.calls.map((c) => c.rpc)).toEqual([]);
  return res;
}

const list = (init: Parameters<typeof create<typeof ListBooksRequestSchema>>[1]) =>
  create(ListBooksRequestSchema, { parent: "shelves/s1", ...init });

describe("query parameters", () => {
  it("sets scalars: string, int32, int64 (past 2^53), double, bool, bytes", async () => {
    expect(
      await decoded(
        "page_token=abc&page_size=25&min_pages=9007199254740993&min_rating=4.5&available_only=true&cursor=AQID",
      ),
    ).toEqual(
      list({
        pageToken: "abc",
        pageSize: 25,
        minPages: 9007199254740993n,
        minRating: 4.5,
        availableOnly: true,
        cursor: new Uint8Array([1, 2, 3]),
      }),
    );
  });

  it("takes JSON names too", async () => {
    expect(await decoded("pageSize=3&availableOnly=1")).toEqual(list({ pageSize: 3, availableOnly: true }));
  });

  it("reads bools as true/false or 1/0", async () => {
    expect(await decoded("available_only=false")).toEqual(list({ availableOnly: false }));
    expect(await decoded("available_only=1")).toEqual(list({ availableOnly: true }));
  });

  it("decodes percent-escapes and + in values", async () => {
    expect(await decoded("page_token=a%2Bb+c%26d")).toEqual(list({ pageToken: "a+b c&d" }));
    expect(await decoded("cursor=_-8%3D")).toEqual(list({ cursor: new Uint8Array([255, 239]) }));
  });

  it("sets nested message fields", async () => {
    expect(await decoded("filter.author=Le%20Guin&filter.pages.min=100&filter.pages.max=500")).toEqual(
      list({ filter: { author: "Le Guin", pages: { min: 100n, max: 500n } } }),
    );
  });

  it("sets repeated fields from repeated keys, in order", async () => {
    expect(await decoded("tags=b&tags=a&tags=b")).toEqual(list({ tags: ["b", "a", "b"] }));
  });

  it("sets enums by name or number, singular and repeated", async () => {
    expect(await decoded("genre=GENRE_HISTORY&genres=GENRE_FICTION&genres=3")).toEqual(
      list({ genre: Genre.HISTORY, genres: [Genre.FICTION, Genre.SCIENCE] }),
    );
    expect(await decoded("genre=2")).toEqual(list({ genre: Genre.HISTORY }));
  });

  it("sets a Timestamp from RFC 3339", async () => {
    expect(await decoded("published_after=2024-01-02T03:04:05.5%2B01:00")).toEqual(
      list({ publishedAfter: create(TimestampSchema, { seconds: 1704161045n, nanos: 500_000_000 }) }),
    );
  });

  it("sets a Duration, a wrapper, an optional field and a oneof member", async () => {
    expect(await decoded("max_age=1.5s&language=en&max_results=0&by_field=title")).toEqual(
      list({
        maxAge: create(DurationSchema, { seconds: 1n, nanos: 500_000_000 }),
        language: create(StringValueSchema, { value: "en" }).value,
        maxResults: 0,
        order: { case: "byField", value: "title" },
      }),
    );
  });

  it("sets a FieldMask from paths=a,b, snake_case or lowerCamelCase, or from repeated .paths", async () => {
    const want = list({ readMask: create(FieldMaskSchema, { paths: ["title", "page_count", "filter.pages"] }) });
    expect(await decoded("read_mask=title,page_count,filter.pages")).toEqual(want);
    expect(await decoded("readMask=title,pageCount,filter.pages")).toEqual(want);
    expect(await decoded("read_mask.paths=title&read_mask.paths=page_count,filter.pages")).toEqual(want);
  });

  it("leaves absent fields at their defaults", async () => {
    expect(await decoded("")).toEqual(list({}));
  });
});

describe("query parameter errors", () => {
  it("rejects an unknown parameter, naming it", async () => {
    const res = await rejected("page_size=1&pagesize=2");
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      code: 400,
      reason: "MALFORMED_REQUEST",
      message: 'unknown query parameter "pagesize": library.v1.ListBooksRequest has no field "pagesize"',
      metadata: { field: "pagesize" },
    });
  });

  it("rejects an unknown nested parameter", async () => {
    const res = await rejected("filter.title=x");
    expect(res.json).toMatchObject({ code: 400, reason: "MALFORMED_REQUEST", metadata: { field: "filter.title" } });
  });

  it.each([
    ["page_size=abc", "page_size"],
    ["page_size=", "page_size"],
    ["page_size=1.5", "page_size"],
    ["page_size=99999999999", "page_size"],
    ["min_pages=12x", "min_pages"],
    ["available_only=yes", "available_only"],
    ["genre=GENRE_POETRY", "genre"],
    ["genres=GENRE_FICTION&genres=NOPE", "genres"],
    ["published_after=yesterday", "published_after"],
    ["max_age=5", "max_age"],
    ["cursor=***", "cursor"],
    ["filter.pages.min=many", "filter.pages.min"],
    ["min_rating=high", "min_rating"],
  ])("rejects a bad value: %s", async (query, field) => {
    const res = await rejected(query);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 400, reason: "MALFORMED_REQUEST", metadata: { field } });
  });

  it("rejects a singular field given twice", async () => {
    const res = await rejected("page_size=1&page_size=2");
    expect(res.json).toMatchObject({ reason: "MALFORMED_REQUEST", metadata: { field: "page_size" } });
    expect((res.json as { message: string }).message).toContain("2 times");
  });

  it("rejects a message field set as a whole", async () => {
    const res = await rejected("filter=x");
    expect(res.json).toMatchObject({ reason: "MALFORMED_REQUEST", metadata: { field: "filter" } });
  });

  it("rejects reaching into a well-known type", async () => {
    const res = await rejected("published_after.seconds=5");
    expect(res.json).toMatchObject({ reason: "MALFORMED_REQUEST", metadata: { field: "published_after.seconds" } });
  });

  it("rejects a parameter naming a path variable's field", async () => {
    const res = await rejected("parent=shelves/s2");
    expect(res.json).toMatchObject({ reason: "MALFORMED_REQUEST", metadata: { field: "parent" } });
  });

  it("rejects two members of a oneof", async () => {
    const res = await rejected("by_title=true&by_field=title");
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ reason: "MALFORMED_REQUEST" });
  });
});
