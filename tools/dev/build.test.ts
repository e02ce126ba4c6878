import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDevBuild, serviceSources, type BuildPlace } from "./build.js";

let place: BuildPlace;

beforeEach(async () => {
  const root = await mkdtemp(join(tmpdir(), "strata-dev-build-"));
  place = { root, outDir: join(root, ".data/build") };
  await writeFile(join(root, "tsconfig.json"), JSON.stringify({ compilerOptions: { experimentalDecorators: true } }));
  await mkdir(join(root, "pkg/greet/testdata"), { recursive: true });
  await writeFile(
    join(root, "pkg/greet/greet.ts"),
    `export const greet = (name: string): string => "hello " + name;\n`,
  );
  await writeFile(join(root, "pkg/greet/greet.test.ts"), `export {};\n`);
  await writeFile(join(root, "pkg/greet/testdata/data.ts"), `export {};\n`);
});

afterEach(async () => {
  await rm(place.root, { recursive: true, force: true });
});

describe("the development build", () => {
  it("takes the service's sources, not its tests or test data", async () => {
    expect(await serviceSources(place.root)).toEqual(["pkg/greet/greet.ts"]);
  });

  it("writes one runnable module per source, and again after a save", async () => {
    const build = await createDevBuild(place);
    try {
      expect((await build.rebuild()).ok).toBe(true);
      const built = join(place.outDir, "pkg/greet/greet.js");
      const first = (await import(`${built}?v=1`)) as { greet: (name: string) => string };
      expect(first.greet("you")).toBe("hello you");
      await writeFile(
        join(place.root, "pkg/greet/greet.ts"),
        `export const greet = (name: string): string => "hi " + name;\n`,
      );
      expect((await build.rebuild()).ok).toBe(true);
      expect(await readFile(built, "utf8")).toContain('"hi "');
    } finally {
      await build.dispose();
    }
  });

  it("reports a source that does not parse, naming the file, and builds again once it is fixed", async () => {
    const build = await createDevBuild(place);
    try {
      await writeFile(join(place.root, "pkg/greet/greet.ts"), `export const greet = (name: string =>\n`);
      const broken = await build.rebuild();
      expect(broken.ok).toBe(false);
      expect(broken.messages.join("")).toContain("pkg/greet/greet.ts");
      await writeFile(join(place.root, "pkg/greet/greet.ts"), `export const greet = (): string => "ok";\n`);
      expect((await build.rebuild()).ok).toBe(true);
    } finally {
      await build.dispose();
    }
  });
});
