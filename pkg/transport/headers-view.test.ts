import { describe, expect, it, vi } from "vitest";
import { HeadersView } from "./headers-view.js";

const raw: Record<string, string> = { "x-md-tenant": "acme", traceparent: "00-abc-def-01" };

function view() {
  const build = vi.fn((source: Record<string, string>) => new Headers(source));
  const headers = new HeadersView(raw, { get: (source, name) => source[name] ?? null, copy: build });
  return { headers, build };
}

describe("HeadersView", () => {
  it("reads single headers, by any case, without copying them", () => {
    const { headers, build } = view();
    expect(headers.get("X-MD-Tenant")).toBe("acme");
    expect(headers.has("traceparent")).toBe(true);
    expect(headers.get("missing")).toBeNull();
    expect(build).not.toHaveBeenCalled();
  });

  it("copies once for iteration and writes, and reads the copy from then on", () => {
    const { headers, build } = view();
    expect([...headers]).toEqual([
      ["traceparent", "00-abc-def-01"],
      ["x-md-tenant", "acme"],
    ]);
    headers.set("x-md-tenant", "other");
    headers.append("x-added", "1");
    headers.delete("traceparent");
    expect(build).toHaveBeenCalledOnce();
    expect(headers.get("x-md-tenant")).toBe("other");
    expect([...headers.keys()]).toEqual(["x-added", "x-md-tenant"]);
    expect(raw["x-md-tenant"]).toBe("acme");
  });

  it("passes itself to forEach callbacks, as Headers does", () => {
    const { headers } = view();
    const seen: unknown[] = [];
    headers.forEach((_value, _key, parent) => seen.push(parent));
    expect(seen).toEqual([headers, headers]);
  });
});
