import { describe, expect, it } from "vitest";
import { EchoService } from "../testdata/echo/v1/echo_pb.js";
import { LibraryService } from "../testdata/library/v1/library_pb.js";
import { scopesOf } from "./scopes.js";

describe("scopesOf", () => {
  it("lists every scope the methods' rules name, sorted and once each", () => {
    expect(scopesOf([...LibraryService.methods, ...LibraryService.methods])).toEqual([
      "library.admin",
      "library.read",
      "library.write",
    ]);
  });

  it("is empty for methods without rules", () => {
    expect(scopesOf(EchoService.methods)).toEqual([]);
  });
});
