import type { DescMethod } from "@bufbuild/protobuf";
import { describe, expect, it, vi } from "vitest";
import { EchoService } from "../../tools/testdata/echo/v1/echo_pb.js";
import { LibraryService } from "../../tools/testdata/library/v1/library_pb.js";
import { newCallContext, type TransportKind } from "../transport/context.js";
import type { Handler, Middleware } from "./middleware.js";
import { selector, type OperationMatch, type OperationPredicate } from "./selector.js";

const echo = EchoService.method.echo;
const longEcho = EchoService.method.echoWithAnExceptionallyLongMethodName;
const getBook = LibraryService.method.getBook;
const listBooks = LibraryService.method.listBooks;
const getShelf = LibraryService.method.getShelf;
const all = [echo, longEcho, getBook, listBooks, getShelf];

// A middleware that records which operations went through it.
function recorder(seen: string[], name = ""): Middleware {
  return (next) => (req, ctx) => {
    seen.push(`${name}${ctx.operation}`);
    return next(req, ctx);
  };
}

const ok: Handler = () => Promise.resolve("ok");

async function call(handler: Handler, method: DescMethod, kind: TransportKind = "grpc"): Promise<unknown> {
  return handler(null, newCallContext({ kind, method }));
}

// The operations of `all` that `match` selects.
async function selected(match: OperationMatch | OperationPredicate): Promise<string[]> {
  const seen: string[] = [];
  const handler = selector(match, recorder(seen))(ok);
  for (const method of all) await expect(call(handler, method)).resolves.toBe("ok");
  return seen;
}

describe("selector", () => {
  it("selects exact operations only", async () => {
    expect(await selected({ operations: ["/library.v1.LibraryService/GetBook", "/echo.v1.EchoService/Echo"] })).toEqual(
      ["/echo.v1.EchoService/Echo", "/library.v1.LibraryService/GetBook"],
    );
  });

  it("selects by prefix: a package, a service or a method-name start", async () => {
    expect(await selected({ prefixes: ["/echo.v1."] })).toEqual([
      "/echo.v1.EchoService/Echo",
      "/echo.v1.EchoService/EchoWithAnExceptionallyLongMethodName",
    ]);
    expect(await selected({ prefixes: ["/library.v1.LibraryService/Get"] })).toEqual([
      "/library.v1.LibraryService/GetBook",
      "/library.v1.LibraryService/GetShelf",
    ]);
  });

  it("selects by regex matching the whole operation, not a part of it", async () => {
    expect(await selected({ regex: [/\/library\.v1\.LibraryService\/Get\w+/] })).toEqual([
      "/library.v1.LibraryService/GetBook",
      "/library.v1.LibraryService/GetShelf",
    ]);
    expect(await selected({ regex: [/Echo/] })).toEqual([]);
    // A global pattern's lastIndex does not make the second method miss.
    expect(await selected({ regex: [/.*Book.*/g] })).toEqual([
      "/library.v1.LibraryService/GetBook",
      "/library.v1.LibraryService/ListBooks",
    ]);
  });

  it("selects by a function of the operation and its method descriptor", async () => {
    expect(await selected((_operation, method) => method.parent === EchoService)).toEqual([
      "/echo.v1.EchoService/Echo",
      "/echo.v1.EchoService/EchoWithAnExceptionallyLongMethodName",
    ]);
    expect(await selected({ match: (operation) => operation.endsWith("/ListBooks") })).toEqual([
      "/library.v1.LibraryService/ListBooks",
    ]);
  });

  it("selects an operation when any criterion matches it", async () => {
    expect(
      await selected({
        operations: ["/echo.v1.EchoService/Echo"],
        prefixes: ["/library.v1.LibraryService/List"],
        regex: [/.*Shelf/],
      }),
    ).toEqual([
      "/echo.v1.EchoService/Echo",
      "/library.v1.LibraryService/ListBooks",
      "/library.v1.LibraryService/GetShelf",
    ]);
  });

  it("selects nothing when given no criteria", async () => {
    expect(await selected({})).toEqual([]);
  });

  it("decides once per operation, for REST and gRPC alike", async () => {
    const predicate = vi.fn<OperationPredicate>((operation) => operation === "/echo.v1.EchoService/Echo");
    const seen: string[] = [];
    const handler = selector(predicate, recorder(seen))(ok);
    for (let i = 0; i < 3; i++) {
      for (const kind of ["grpc", "http"] as const) {
        await call(handler, echo, kind);
        await call(handler, getBook, kind);
      }
    }
    expect(predicate).toHaveBeenCalledTimes(2);
    expect(predicate).toHaveBeenCalledWith("/echo.v1.EchoService/Echo", echo);
    expect(seen).toEqual(Array<string>(6).fill("/echo.v1.EchoService/Echo"));
  });

  it("runs the selected middleware in order, first outermost, around the same next handler", async () => {
    const seen: string[] = [];
    const handler = selector(
      { operations: ["/echo.v1.EchoService/Echo"] },
      recorder(seen, "a "),
      recorder(seen, "b "),
    )((_req, ctx) => {
      seen.push(`handler ${ctx.operation}`);
      return Promise.resolve(ctx.kind);
    });
    await expect(call(handler, echo, "http")).resolves.toBe("http");
    await expect(call(handler, getBook)).resolves.toBe("grpc");
    expect(seen).toEqual([
      "a /echo.v1.EchoService/Echo",
      "b /echo.v1.EchoService/Echo",
      "handler /echo.v1.EchoService/Echo",
      "handler /library.v1.LibraryService/GetBook",
    ]);
  });

  it("lets the selected middleware answer or fail in the handler's place", async () => {
    const deny: Middleware = () => () => Promise.reject(new Error("denied"));
    const handler = selector({ prefixes: ["/library.v1."] }, deny)(ok);
    await expect(call(handler, getBook)).rejects.toThrow("denied");
    await expect(call(handler, echo)).resolves.toBe("ok");
  });
});
