import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createRegistry, type DescFile, type DescMethod, type Registry } from "@bufbuild/protobuf";

/** The services a caller can reach: every file generated into the API directory, and what they import. */
export interface Descriptors {
  readonly registry: Registry;
  /** Every method of every service, by its gRPC path without the leading slash: `library.v1.LibraryService/GetBook`. */
  readonly methods: ReadonlyMap<string, DescMethod>;
}

/**
 * Loads the protobuf-es descriptors of every `*_pb.ts` under `apiDir` (each
 * exports its `file_…` GenFile), so any API the service serves is found
 * without naming it here; a missing `apiDir` has none.
 */
export async function loadDescriptors(apiDir: string): Promise<Descriptors> {
  const files = new Set<DescFile>();
  for (const path of await generatedFiles(apiDir)) {
    const module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    for (const value of Object.values(module)) if (isDescFile(value)) addWithDependencies(files, value);
  }
  const methods = new Map<string, DescMethod>();
  for (const file of files) {
    for (const service of file.services) {
      for (const method of service.methods) methods.set(`${service.typeName}/${method.name}`, method);
    }
  }
  return { registry: createRegistry(...files), methods };
}

/**
 * The method `name` names: `pkg.Service/Method`, with or without a leading
 * slash, or `pkg.Service.Method`; throws listing what there is when nothing matches.
 */
export function findMethod(descriptors: Descriptors, name: string): DescMethod {
  const path = name.replace(/^\//, "");
  const dotted = path.includes("/") ? path : path.replace(/\.([^.]+)$/, "/$1");
  const method = descriptors.methods.get(dotted);
  if (method) return method;
  const known = [...descriptors.methods.keys()].map((key) => `  ${key}`).join("\n");
  throw new Error(`no method ${JSON.stringify(name)}; the API has:\n${known}`);
}

/** The `*_pb.ts` files under `dir`; none when it does not exist (a service with no API of its own yet). */
async function generatedFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith("_pb.ts"))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function isDescFile(value: unknown): value is DescFile {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "file";
}

function addWithDependencies(files: Set<DescFile>, file: DescFile): void {
  if (files.has(file)) return;
  files.add(file);
  for (const dependency of file.dependencies) addWithDependencies(files, dependency);
}
