import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { capitalCase } from "change-case";
import { NameError } from "./names.js";

/**
 * Where the service's name appears as the service's (not the example API's):
 * config defaults, the image and its labels, compose, every Kubernetes object,
 * Prometheus and Grafana, the Makefile, CI. Directories are searched whole.
 */
export const NAMED_PATHS = [
  "configs",
  "deploy",
  "docker-compose.yml",
  "Dockerfile",
  "Makefile",
  ".ci/run",
  ".github/workflows",
] as const;

/** One file's new content. */
export interface FileEdit {
  readonly path: string;
  readonly content: string;
}

/** The service's current name: package.json's `name`. */
export function currentServiceName(root: string): string {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name?: unknown };
  if (typeof pkg.name !== "string" || pkg.name === "") throw new Error("package.json has no name");
  return pkg.name;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * `name` as a whole word: not inside a longer identifier, host name or path
 * segment of letters and digits, and not the start of one of the `kept`
 * dotted names (`strata.auth` stays when `name` is strata).
 */
function wordPattern(name: string, kept: readonly string[] = []): RegExp {
  const suffixes = kept.filter((k) => k.startsWith(`${name}.`)).map((k) => escape(k.slice(name.length + 1)));
  const notKept = suffixes.length === 0 ? "" : `(?!\\.(?:${suffixes.join("|")})(?![A-Za-z0-9_]))`;
  return new RegExp(`(?<![A-Za-z0-9_])${escape(name)}(?![A-Za-z0-9_])${notKept}`, "g");
}

/**
 * Replaces `from` by `to` as a whole word, in lower case (`orders`) and title
 * case (`Orders`, for titles), but not where it starts a `kept` dotted name.
 */
export function replaceName(text: string, from: string, to: string, kept: readonly string[] = []): string {
  return text.replace(wordPattern(from, kept), to).replace(wordPattern(capitalCase(from)), capitalCase(to));
}

/**
 * The kit's own proto packages (`strata.auth`, `strata.errors`, … from
 * third_party/strata): named after the kit, not the service, so a rename
 * leaves their mentions (`(strata.auth.v1.rule)`) alone.
 */
export function kitProtoPackages(root: string): string[] {
  try {
    return readdirSync(join(root, "third_party", "strata"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `strata.${entry.name}`);
  } catch {
    return [];
  }
}

/** Every file under NAMED_PATHS in `root`, relative to it. */
export function namedFiles(root: string): string[] {
  const files: string[] = [];
  for (const path of NAMED_PATHS) {
    const full = join(root, path);
    let stats;
    try {
      stats = statSync(full);
    } catch {
      continue;
    }
    if (stats.isFile()) files.push(path);
    else {
      for (const entry of readdirSync(full, { recursive: true, withFileTypes: true })) {
        if (entry.isFile()) files.push(join(entry.parentPath, entry.name).slice(root.length + 1));
      }
    }
  }
  return files.sort();
}

/** package.json or package-lock.json with the package's own name set (npm's formatting: two spaces, final newline). */
function renamePackage(text: string, to: string): string {
  const json = JSON.parse(text) as { name?: string; packages?: Record<string, { name?: string }> };
  json.name = to;
  const self = json.packages?.[""];
  if (self) self.name = to;
  return `${JSON.stringify(json, null, 2)}\n`;
}

/**
 * Plans renaming the service from `from` to `to` in `root`: the edits of
 * every file whose content changes. Refuses (NameError) a new name that
 * already appears in those files as a word of its own, since a later rename
 * could not tell it from the service's.
 */
export function planRename(root: string, from: string, to: string): FileEdit[] {
  const files = namedFiles(root);
  const read = (path: string) => readFileSync(join(root, path), "utf8");
  const taken = files.filter((path) => wordPattern(to).test(read(path)));
  if (taken.length > 0) {
    throw new NameError(
      `NAME=${to} already appears in ${taken.join(", ")} as something other than the service's name: choose another name`,
    );
  }
  const edits: FileEdit[] = [];
  const edit = (path: string, content: string) => {
    if (content !== read(path)) edits.push({ path, content });
  };
  const kept = kitProtoPackages(root);
  for (const path of files) edit(path, replaceName(read(path), from, to, kept));
  edit("package.json", renamePackage(read("package.json"), to));
  edit("package-lock.json", renamePackage(read("package-lock.json"), to));
  edit("README.md", read("README.md").replace(/^# .*$/m, `# ${capitalCase(to)}`));
  return edits;
}
