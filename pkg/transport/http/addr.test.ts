import { describe, expect, it } from "vitest";
import { formatAddr, parseAddr } from "./addr.js";

describe("parseAddr", () => {
  it("splits host:port", () => {
    expect(parseAddr("0.0.0.0:8000")).toEqual({ host: "0.0.0.0", port: 8000 });
    expect(parseAddr("localhost:0")).toEqual({ host: "localhost", port: 0 });
    expect(parseAddr("[::1]:8080")).toEqual({ host: "::1", port: 8080 });
    expect(parseAddr(":8000")).toEqual({ host: "0.0.0.0", port: 8000 });
  });

  it.each(["8000", "host:", "host:http", "host:70000", "host:-1"])("rejects %s", (addr) => {
    expect(() => parseAddr(addr)).toThrow(`invalid listen address "${addr}"`);
  });
});

describe("formatAddr", () => {
  it("brackets IPv6 hosts", () => {
    expect(formatAddr({ address: "127.0.0.1", family: "IPv4", port: 1 })).toBe("127.0.0.1:1");
    expect(formatAddr({ address: "::", family: "IPv6", port: 2 })).toBe("[::]:2");
  });
});
