import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { watchChanges, type ChangeBatch } from "./changes.js";

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A watched tree (src/) and the batches seen so far. */
async function watched(): Promise<{ root: string; batches: ChangeBatch[]; next: () => Promise<ChangeBatch> }> {
  const root = await mkdtemp(join(tmpdir(), "strata-watch-"));
  await mkdir(join(root, "src", "deep"), { recursive: true });
  const batches: ChangeBatch[] = [];
  const waiting: ((batch: ChangeBatch) => void)[] = [];
  const unwatch = watchChanges(root, ["src"], (batch) => {
    batches.push(batch);
    waiting.shift()?.(batch);
  });
  cleanups.push(async () => {
    await unwatch();
    await rm(root, { recursive: true, force: true });
  });
  // chokidar reports nothing until its initial scan is done.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { root, batches, next: () => new Promise((resolve) => waiting.push(resolve)) };
}

describe("watchChanges", () => {
  it("reports saved .ts files as one batch once they are quiet, and .proto files as needing codegen", async () => {
    const { root, next } = await watched();
    let batch = next();
    await writeFile(join(root, "src", "a.ts"), "export {};\n");
    await writeFile(join(root, "src", "deep", "b.ts"), "export {};\n");
    expect(await batch).toEqual({ files: ["src/a.ts", "src/deep/b.ts"], proto: false });
    batch = next();
    await writeFile(join(root, "src", "deep", "x.proto"), 'syntax = "proto3";\n');
    expect(await batch).toEqual({ files: ["src/deep/x.proto"], proto: true });
  });

  it("sees a file replaced by a rename (how editors and git save), and ignores other files", async () => {
    const { root, batches, next } = await watched();
    await writeFile(join(root, "src", "c.ts"), "export const a = 1;\n");
    await next();
    const batch = next();
    await writeFile(join(root, "src", "notes.txt"), "not source\n");
    await writeFile(join(root, "c.ts.tmp"), "export const a = 2;\n");
    await rename(join(root, "c.ts.tmp"), join(root, "src", "c.ts"));
    expect(await batch).toEqual({ files: ["src/c.ts"], proto: false });
    expect(batches.flatMap((b) => b.files)).not.toContain("src/notes.txt");
  });
});
