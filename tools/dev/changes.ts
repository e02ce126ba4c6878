import { join } from "node:path";
import { watch } from "chokidar";

/** What changed since the last batch: source files (restart) and .proto files (codegen first). */
export interface ChangeBatch {
  /** The files, relative to the root. */
  readonly files: readonly string[];
  /** Whether any is a .proto file. */
  readonly proto: boolean;
}

/** Which saved files matter: TypeScript, the config, and the contracts. */
const WATCHED = /\.(ts|ya?ml|proto)$/;

/**
 * Watches `dirs` under `root` and calls `onBatch` with the files saved, once
 * they have been quiet for `quietMs` (an editor's save, or codegen writing
 * many files, is one batch). chokidar, because editors and git save by
 * replacing a file, which a plain fs.watch on the old file misses.
 */
export function watchChanges(
  root: string,
  dirs: readonly string[],
  onBatch: (batch: ChangeBatch) => void,
  quietMs = 100,
): () => Promise<void> {
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    timer = undefined;
    const files = [...pending].sort();
    pending.clear();
    onBatch({ files, proto: files.some((file) => file.endsWith(".proto")) });
  };
  const watcher = watch(
    dirs.map((dir) => join(root, dir)),
    { cwd: root, ignoreInitial: true, ignored: (path, stats) => stats?.isFile() === true && !WATCHED.test(path) },
  );
  watcher.on("all", (event, path) => {
    if (event === "addDir" || event === "unlinkDir") return;
    pending.add(path);
    clearTimeout(timer);
    timer = setTimeout(flush, quietMs);
  });
  return async () => {
    clearTimeout(timer);
    await watcher.close();
  };
}
