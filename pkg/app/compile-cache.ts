import module from "node:module";

/** node:module as of Node 22.1, which added the compile cache (the kit's Node 20 types predate it). */
type ModuleWithCompileCache = typeof module & { enableCompileCache?: () => unknown };

/**
 * Turns on Node's module compile cache (Node ≥ 22.1; nothing on older
 * versions): modules loaded after this call keep their V8 bytecode on disk
 * (NODE_COMPILE_CACHE, or node-compile-cache in the temporary directory) and
 * later starts skip compiling them. An entry point calls it first, then
 * imports the rest of the program dynamically: the modules of a static import
 * are compiled before any of its code runs.
 */
export function enableCompileCache(): void {
  (module as ModuleWithCompileCache).enableCompileCache?.();
}
