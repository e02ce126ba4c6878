// The development build of `make run` and `make dev`: the service's sources
// transpiled file by file with esbuild into a git-ignored directory, then run
// as plain JavaScript. Node starts that as fast as the compiled dist/ (with its
// module compile cache), where transpiling on the fly at every start cost
// seconds and a loader thread's memory. Types are not checked here (as tsx did
// not): `make lint` does that. Run directly, it builds once:
//   node --import tsx tools/dev/build.ts
import { copyFile, mkdir, readdir, rm } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { context, formatMessages, type BuildContext, type BuildOptions, type Message } from "esbuild";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** Where the development build goes (under the git-ignored .data/). */
export const BUILD_DIR = join(ROOT, ".data/build");
/** The service's entry point in the build. */
export const BUILD_ENTRY = join(BUILD_DIR, "cmd/server/main.js");
/** The directories the service is built from. */
export const BUILT_DIRS = ["api", "cmd", "internal", "pkg"] as const;
/** Files the service reads beside its modules at run time (relative to the root), copied when present. */
const ASSETS = ["api/openapi.json"] as const;

/** How a build went: its errors and warnings, formatted as esbuild prints them. */
export interface BuildOutcome {
  readonly ok: boolean;
  readonly messages: readonly string[];
}

/** A development build that can run again, incrementally (esbuild keeps what did not change). */
export interface DevBuild {
  /** The sources it builds (relative to the root): a file added or removed needs a new build. */
  readonly sources: readonly string[];
  /** Builds again; never throws for an error in the sources (the outcome says). */
  rebuild(): Promise<BuildOutcome>;
  /** Frees esbuild's resources. */
  dispose(): Promise<void>;
}

/** Where a development build reads and writes: the repository and .data/build unless a test says otherwise. */
export interface BuildPlace {
  readonly root: string;
  readonly outDir: string;
}

const REPOSITORY: BuildPlace = { root: ROOT, outDir: BUILD_DIR };

/** The service's TypeScript sources (no tests, no test data), relative to the root. */
export async function serviceSources(root: string = ROOT): Promise<string[]> {
  const lists = await Promise.all(
    BUILT_DIRS.map(async (dir) => {
      const entries = await readdir(join(root, dir), { recursive: true }).catch(() => []);
      return entries.map((entry) => join(dir, entry));
    }),
  );
  return lists
    .flat()
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && !file.endsWith(".d.ts"))
    .filter((file) => !file.split("/").includes("testdata"))
    .sort();
}

/** esbuild's options for these sources: one ES module per file, with source maps, as Node 20 runs it. */
function buildOptions(entryPoints: readonly string[], { root, outDir }: BuildPlace): BuildOptions {
  return {
    absWorkingDir: root,
    entryPoints: [...entryPoints],
    outdir: outDir,
    outbase: root,
    bundle: false,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: "linked",
    tsconfig: join(root, "tsconfig.json"),
    logLevel: "silent",
  };
}

/**
 * Starts a development build of the current sources, in a fresh BUILD_DIR
 * (nothing left of a removed file). A file added or removed later needs a new
 * build (compare `sources` with serviceSources()).
 */
export async function createDevBuild(place: BuildPlace = REPOSITORY): Promise<DevBuild> {
  const sources = await serviceSources(place.root);
  await rm(place.outDir, { recursive: true, force: true });
  const ctx: BuildContext = await context(buildOptions(sources, place));
  return {
    sources,
    async rebuild() {
      try {
        const result = await ctx.rebuild();
        await copyAssets(place);
        return { ok: true, messages: await format(result.warnings, "warning") };
      } catch (err) {
        const errors = (err as { errors?: Message[] }).errors;
        if (!errors) return { ok: false, messages: [String(err)] };
        return { ok: false, messages: await format(errors, "error") };
      }
    },
    dispose: () => ctx.dispose(),
  };
}

async function copyAssets({ root, outDir }: BuildPlace): Promise<void> {
  for (const asset of ASSETS) {
    const target = join(outDir, asset);
    await mkdir(dirname(target), { recursive: true });
    try {
      await copyFile(join(root, asset), target);
    } catch (err) {
      // An asset the sources do not have (no API: no document) is not an error.
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      await rm(target, { force: true });
    }
  }
}

function format(messages: readonly Message[], kind: "error" | "warning"): Promise<string[]> {
  return formatMessages([...messages], { kind, color: process.stderr.isTTY });
}

/** Builds once; exit code 1 with esbuild's messages when the sources do not build. */
async function main(): Promise<void> {
  const build = await createDevBuild();
  const outcome = await build.rebuild();
  await build.dispose();
  for (const message of outcome.messages) process.stderr.write(message);
  if (!outcome.ok) process.exit(1);
  process.stdout.write(`built ${relative(ROOT, BUILD_DIR)}/\n`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
