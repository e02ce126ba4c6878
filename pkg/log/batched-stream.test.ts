import { execFileSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BatchedStream, LOG_FLUSH_INTERVAL_MS, LOG_FLUSH_SIZE } from "./batched-stream.js";

function fileStream() {
  const path = join(mkdtempSync(join(tmpdir(), "strata-log-")), "out.log");
  const fd = openSync(path, "w");
  return { stream: new BatchedStream(fd), read: () => readFileSync(path, "utf8"), close: () => closeSync(fd) };
}

afterEach(() => vi.useRealTimers());

describe("BatchedStream", () => {
  it("writes buffered lines together once the flush interval has passed", () => {
    vi.useFakeTimers();
    const { stream, read, close } = fileStream();
    stream.write("one\n");
    stream.write("two\n");
    expect(read()).toBe("");
    vi.advanceTimersByTime(LOG_FLUSH_INTERVAL_MS);
    expect(read()).toBe("one\ntwo\n");
    close();
  });

  it("writes at once when the next line might not fit in the buffer, keeping the lines in order", () => {
    const { stream, read, close } = fileStream();
    const lines = Array.from({ length: 80 }, (_, i) => `${String(i).padStart(4, "0")}${"x".repeat(1019)}\n`);
    for (const line of lines) stream.write(line);
    const early = read();
    expect(early.length).toBeGreaterThan(LOG_FLUSH_SIZE / 2);
    expect(early.length).toBeLessThanOrEqual(LOG_FLUSH_SIZE);
    stream.flush();
    expect(read()).toBe(lines.join(""));
    close();
  });

  it("writes multi-byte characters as UTF-8, and a line longer than the buffer whole", () => {
    const { stream, read, close } = fileStream();
    const long = `${"é".repeat(LOG_FLUSH_SIZE)}\n`;
    stream.write("naïve ☕ 🚀\n");
    stream.write(long);
    stream.write("after\n");
    stream.flush();
    expect(read()).toBe(`naïve ☕ 🚀\n${long}after\n`);
    close();
  });

  it("writes what is buffered when pino's logger.flush asks, then calls back", () => {
    const { stream, read, close } = fileStream();
    stream.write("now\n");
    const done = vi.fn();
    stream.flush(done);
    expect(read()).toBe("now\n");
    expect(done).toHaveBeenCalledOnce();
    close();
  });

  it("writes what is buffered when the process exits", () => {
    const script = `
      import { BatchedStream } from ${JSON.stringify(new URL("./batched-stream.ts", import.meta.url).pathname)};
      const stream = new BatchedStream(1);
      stream.write("last words\\n");
      process.exit(0);
    `;
    const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8",
    });
    expect(out).toBe("last words\n");
  });
});
