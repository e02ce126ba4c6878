import { describe, expect, it } from "vitest";
import { findMethod, loadDescriptors } from "./descriptors.js";

describe("loadDescriptors", () => {
  it("finds every service generated under the directory, by gRPC path", async () => {
    const descriptors = await loadDescriptors("tools/testdata/library");
    expect(descriptors.methods.get("library.v1.LibraryService/GetBook")?.name).toBe("GetBook");
    expect(findMethod(descriptors, "/library.v1.LibraryService/GetBook")).toBe(
      findMethod(descriptors, "library.v1.LibraryService.GetBook"),
    );
    expect(descriptors.registry.getMessage("library.v1.Book")?.typeName).toBe("library.v1.Book");
  });

  it("has no methods when the directory does not exist", async () => {
    const descriptors = await loadDescriptors("tools/testdata/no-such-dir");
    expect([...descriptors.methods.keys()]).toEqual([]);
    expect(() => findMethod(descriptors, "a.B/C")).toThrow(/no method "a.B\/C"/);
  });
});
