import { INVALID_SPANID, INVALID_TRACEID } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { PooledIdGenerator } from "./id-generator.js";

/** Fills every pool with 0, 1, 2, ... (mod 256). */
const counting = (bytes: Buffer): void => {
  for (let i = 0; i < bytes.length; i++) bytes[i] = i & 0xff;
};

describe("PooledIdGenerator", () => {
  it("makes 32- and 16-character lowercase hex ids, all different, across many pool refills", () => {
    const ids = new PooledIdGenerator();
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const traceId = ids.generateTraceId();
      const spanId = ids.generateSpanId();
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(spanId).toMatch(/^[0-9a-f]{16}$/);
      seen.add(traceId).add(spanId);
    }
    expect(seen.size).toBe(4000);
  });

  it("spells each random byte as two hex digits, in order, using every byte once", () => {
    const ids = new PooledIdGenerator(counting);
    expect(ids.generateTraceId()).toBe("000102030405060708090a0b0c0d0e0f");
    expect(ids.generateSpanId()).toBe("1011121314151617");
    expect(ids.generateSpanId()).toBe("18191a1b1c1d1e1f");
    let rest = "";
    for (let i = 0; i < 14; i++) rest += ids.generateTraceId();
    expect(rest).toBe(Array.from({ length: 224 }, (_, i) => (32 + i).toString(16).padStart(2, "0")).join(""));
  });

  it("draws a new pool of random bytes only once one is used up", () => {
    let fills = 0;
    const ids = new PooledIdGenerator((bytes) => {
      fills++;
      counting(bytes);
    });
    for (let i = 0; i < 4096 / 16; i++) ids.generateTraceId();
    expect(fills).toBe(1);
    expect(ids.generateSpanId()).toBe("0001020304050607");
    expect(fills).toBe(2);
  });

  it("never returns an all-zero (invalid) id: it skips to the next bytes", () => {
    const zerosFirst = (zeros: number) => (bytes: Buffer) => {
      counting(bytes);
      bytes.fill(0, 0, zeros);
    };
    const traceId = new PooledIdGenerator(zerosFirst(16)).generateTraceId();
    expect(traceId).not.toBe(INVALID_TRACEID);
    expect(traceId).toBe("101112131415161718191a1b1c1d1e1f");
    const spanId = new PooledIdGenerator(zerosFirst(8)).generateSpanId();
    expect(spanId).not.toBe(INVALID_SPANID);
    expect(spanId).toBe("08090a0b0c0d0e0f");
    // A pool of nothing but zeros yields no id at all: the next pool does.
    let fills = 0;
    const ids = new PooledIdGenerator((bytes) => (fills++ === 0 ? bytes.fill(0) : counting(bytes)));
    expect(ids.generateSpanId()).toBe("0001020304050607");
    expect(fills).toBe(2);
  });
});
