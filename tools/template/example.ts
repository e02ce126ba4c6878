import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { REGISTRY } from "./new-api/outputs.js";

/**
 * The example API's name. Every file that exists only for the example has it
 * in its path (api/todo/, internal/biz/todo.ts, test/todo.test.ts, …), and no
 * other file depends on one of them except the registration point, so
 * removing the example is deleting those files and one export line.
 */
export const EXAMPLE = "todo";

/** The registration point of the service's APIs (internal/apis/registered.ts). */
export const REGISTERED_APIS = "internal/apis/registered.ts";

/** The buf workspace: its `api` module is dropped while api/ holds no .proto file (buf refuses an empty module). */
export const BUF_WORKSPACE = "buf.yaml";

/**
 * Every source file under `root` whose path names the example, in path order:
 * the files git tracks or would track (.gitignore'd output and data are not
 * source), that exist.
 */
export function exampleFiles(root: string, example = EXAMPLE): string[] {
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    encoding: "utf8",
  });
  return [...new Set(listed.split("\0"))]
    .filter((path) => path.toLowerCase().includes(example) && existsSync(join(root, path)))
    .sort();
}

/**
 * `source` (a registration module) without the export declarations that
 * re-export from a module whose path names the example; the AST gives their
 * exact extent, comments before them included.
 */
export function withoutExampleExports(source: string, example = EXAMPLE): string {
  const file = ts.createSourceFile(REGISTRY, source, ts.ScriptTarget.Latest, true);
  const removed = file.statements.filter(
    (statement) =>
      ts.isExportDeclaration(statement) &&
      statement.moduleSpecifier !== undefined &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      statement.moduleSpecifier.text.toLowerCase().includes(example),
  );
  let result = source;
  for (const statement of [...removed].reverse()) {
    // From the line after the previous statement (so comments of its own go too) through its line end.
    const fullStart = statement.getFullStart();
    const start = source[fullStart] === "\n" ? fullStart + 1 : fullStart;
    const end = source[statement.end] === "\n" ? statement.end + 1 : statement.end;
    result = result.slice(0, start) + result.slice(end);
  }
  return result;
}

/** Whether `dir` holds a .proto file, at any depth. */
export function hasProtos(dir: string): boolean {
  try {
    return readdirSync(dir, { recursive: true, encoding: "utf8" }).some((path) => path.endsWith(".proto"));
  } catch {
    return false;
  }
}

/** The text of `path` under `root`. */
export function readText(root: string, path: string): string {
  return readFileSync(join(root, path), "utf8");
}
