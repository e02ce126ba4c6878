import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { BookSchema, Genre } from "../../../tools/testdata/library/v1/library_pb.js";
import { libraryServer } from "../../../tools/testdata/library/library-server.js";

describe("replies", () => {
  it("are proto3 JSON: lowerCamelCase names, int64 as strings, enums by name, defaults left out", async () => {
    const s = libraryServer();
    s.replies.set("getBook", async () =>
      create(BookSchema, {
        name: "shelves/s1/books/b1",
        pageCount: 12n,
        genre: Genre.SCIENCE,
        publishTime: timestampFromDate(new Date("2020-01-02T03:04:05Z")),
        cover: new Uint8Array([1, 2, 3]),
        tags: [],
        available: false,
      }),
    );
    const res = await s.send("GET", "/v1/shelves/s1/books/b1");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(res.json).toEqual({
      name: "shelves/s1/books/b1",
      pageCount: "12",
      genre: "GENRE_SCIENCE",
      publishTime: "2020-01-02T03:04:05Z",
      cover: "AQID",
    });
  });

  it("send google.protobuf.Empty as {}", async () => {
    const s = libraryServer();
    const res = await s.send("DELETE", "/v1/shelves/s1/books/b1");
    expect(res.json).toEqual({});
  });

  it("accept a plain init object from the implementation", async () => {
    const s = libraryServer();
    s.replies.set("countShelfBooks", async () => ({ count: 7n }));
    expect((await s.send("GET", "/v1/shelves/s1:countBooks")).json).toEqual({ count: "7" });
  });
});

describe("response_body", () => {
  it("replies with the field alone: a repeated message field is a JSON array", async () => {
    const s = libraryServer();
    s.replies.set("listShelves", async () => ({
      shelves: [{ shelfId: "s1", theme: "sf" }, { shelfId: "s2" }],
      nextPageToken: "never sent",
    }));
    expect((await s.send("GET", "/v1/shelves")).json).toEqual([{ shelfId: "s1", theme: "sf" }, { shelfId: "s2" }]);
  });

  it("sends an unset field's default", async () => {
    const s = libraryServer();
    expect((await s.send("GET", "/v1/shelves")).json).toEqual([]);
    expect((await s.send("GET", "/v1/files/a:download")).json).toBe("");
  });

  it("replies with a scalar field in its JSON form", async () => {
    const s = libraryServer();
    s.replies.set("downloadFile", async () => ({ content: new TextEncoder().encode("hi") }));
    expect((await s.send("GET", "/v1/files/a:download")).json).toBe("aGk=");
  });

  it("applies to its own binding only: the additional binding replies with the whole response", async () => {
    const s = libraryServer();
    s.replies.set("listShelves", async () => ({ shelves: [{ shelfId: "s1" }], nextPageToken: "t" }));
    expect((await s.send("GET", "/v1/shelves:all")).json).toEqual({ shelves: [{ shelfId: "s1" }], nextPageToken: "t" });
  });
});

describe("reply headers", () => {
  it("sends the headers the handler set on ctx.responseHeader, each Set-Cookie on its own", async () => {
    const s = libraryServer();
    s.replies.set("getShelf", async (_req, ctx) => {
      ctx.responseHeader.set("x-cost", "3");
      ctx.responseHeader.append("set-cookie", "a=1");
      ctx.responseHeader.append("set-cookie", "b=2");
      return {};
    });
    const res = await s.send("GET", "/v1/shelves/s1");
    expect(res.headers["x-cost"]).toBe("3");
    expect(res.headers["set-cookie"]).toEqual(["a=1", "b=2"]);
  });

  it("sends them with an error reply too", async () => {
    const s = libraryServer();
    s.replies.set("getShelf", async (_req, ctx) => {
      ctx.responseHeader.set("retry-after", "5");
      throw new Error("boom");
    });
    const res = await s.send("GET", "/v1/shelves/s1");
    expect(res.status).toBe(500);
    expect(res.headers["retry-after"]).toBe("5");
  });
});
