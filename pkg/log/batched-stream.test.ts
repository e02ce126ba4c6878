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

  it("writes at once when the buffer is full", () => {
    const { stream, read, close } = fileStream();
    const line = `${"x".repeat(1023)}\n`;
    for (let written = 0; written < LOG_FLUSH_SIZE; written += line.length) stream.write(line);
    expect(read().length).toBeGreaterThanOrEqual(LOG_FLUSH_SIZE);
    stream.flush();
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
