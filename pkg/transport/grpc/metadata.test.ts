import { Metadata } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { headersFromMetadata, metadataFromHeaders } from "./metadata.js";

describe("headersFromMetadata", () => {
  it("carries text values, repeated keys, and binary values as base64", () => {
    const metadata = new Metadata();
    metadata.add("x-tenant", "acme");
    metadata.add("x-tag", "a");
    metadata.add("x-tag", "b");
    metadata.add("trace-bin", Buffer.from([0, 1, 2, 255]));
    const headers = headersFromMetadata(metadata);
    expect(headers.get("x-tenant")).toBe("acme");
    expect(headers.get("x-tag")).toBe("a, b");
    expect(headers.get("trace-bin")).toBe(Buffer.from([0, 1, 2, 255]).toString("base64"));
  });
});

describe("metadataFromHeaders", () => {
  it("decodes -bin values, repeated ones separately, and skips reserved grpc- names", () => {
    const headers = new Headers();
    headers.set("x-tenant", "acme");
    headers.append("trace-bin", Buffer.from([1, 2]).toString("base64"));
    headers.append("trace-bin", Buffer.from([3]).toString("base64"));
    headers.set("grpc-status", "0");
    const metadata = metadataFromHeaders(headers);
    expect(metadata.get("x-tenant")).toEqual(["acme"]);
    expect(metadata.get("trace-bin")).toEqual([Buffer.from([1, 2]), Buffer.from([3])]);
    expect(metadata.get("grpc-status")).toEqual([]);
  });

  it("round-trips with headersFromMetadata", () => {
    const headers = new Headers({ "x-a": "1", "x-b-bin": Buffer.from("hi").toString("base64") });
    expect([...headersFromMetadata(metadataFromHeaders(headers))]).toEqual([...headers]);
  });
});
