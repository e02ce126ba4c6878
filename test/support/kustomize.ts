import { existsSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { parse, parseAllDocuments } from "yaml";

/** One Kubernetes object as kustomize emits it. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/**
 * Renders a kustomization directory as `kustomize build` does, for exactly the
 * features deploy/k8s uses (no npm package ships the kustomize binary, and the
 * tests run offline):
 *
 * - `resources`: YAML files and directories holding a kustomization;
 * - `namespace`: set on every namespaced object;
 * - `configMapGenerator` with `files` and `options.disableNameSuffixHash: true`
 *   (the name hash is not reproduced, so it must be off);
 * - `images`: `newName` / `newTag` for matching container images;
 * - `patches`: JSON 6902 patch files (`add`, `replace`, `remove`) with a
 *   `target` of kind and name.
 *
 * Any other field, or option of these, throws: what this cannot render as
 * kustomize would is refused, never ignored. Files must sit under the
 * kustomization's directory, as kustomize's default load restrictor requires.
 */
export function kustomizeBuild(dir: string): Manifest[] {
  const root = resolve(dir);
  const file = join(root, "kustomization.yaml");
  const k = parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  const allowed = ["apiVersion", "kind", "resources", "namespace", "configMapGenerator", "images", "patches"];
  for (const key of Object.keys(k)) {
    if (!allowed.includes(key)) throw new Error(`${file}: unsupported kustomization field "${key}"`);
  }
  if (k.apiVersion !== "kustomize.config.k8s.io/v1beta1" || k.kind !== "Kustomization") {
    throw new Error(`${file}: not a kustomize.config.k8s.io/v1beta1 Kustomization`);
  }

  const out: Manifest[] = [];
  for (const entry of list<string>(k.resources)) {
    const path = resolve(root, entry);
    if (statSync(path).isDirectory()) out.push(...kustomizeBuild(path));
    else out.push(...readManifests(within(root, path)));
  }
  for (const generator of list<Record<string, unknown>>(k.configMapGenerator)) {
    out.push(configMap(root, generator));
  }
  for (const image of list<Record<string, string>>(k.images)) setImage(out, image);
  for (const patch of list<Record<string, unknown>>(k.patches)) applyPatch(root, out, patch);
  if (typeof k.namespace === "string") {
    for (const manifest of out) if (manifest.kind !== "Namespace") manifest.metadata.namespace = k.namespace;
  }
  return out;
}

function list<T>(value: unknown): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`expected a list, got ${JSON.stringify(value)}`);
  return value as T[];
}

function within(root: string, path: string): string {
  const rel = relative(root, path);
  if (rel.startsWith("..") || rel.startsWith(sep)) throw new Error(`${path} is outside ${root}`);
  if (!existsSync(path)) throw new Error(`${path} does not exist`);
  return path;
}

function readManifests(path: string): Manifest[] {
  return parseAllDocuments(readFileSync(path, "utf8"))
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors[0]!.message}`);
      return doc.toJS() as Manifest | null;
    })
    .filter((manifest): manifest is Manifest => manifest !== null);
}

function configMap(root: string, generator: Record<string, unknown>): Manifest {
  const { name, files, options, ...rest } = generator;
  if (Object.keys(rest).length > 0) throw new Error(`configMapGenerator: unsupported ${Object.keys(rest).join(", ")}`);
  const { disableNameSuffixHash, ...otherOptions } = (options ?? {}) as Record<string, unknown>;
  if (disableNameSuffixHash !== true || Object.keys(otherOptions).length > 0) {
    throw new Error("configMapGenerator: only options.disableNameSuffixHash: true is supported");
  }
  const data: Record<string, string> = {};
  for (const spec of list<string>(files)) {
    const [key, path] = spec.includes("=") ? (spec.split("=", 2) as [string, string]) : [spec.split("/").pop()!, spec];
    data[key] = readFileSync(within(root, resolve(root, path)), "utf8");
  }
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name: String(name) }, data };
}

function setImage(manifests: Manifest[], image: Record<string, string>): void {
  const { name, newName, newTag, ...rest } = image;
  if (Object.keys(rest).length > 0) throw new Error(`images: unsupported ${Object.keys(rest).join(", ")}`);
  for (const manifest of manifests) {
    const pod = (manifest.spec as { template?: { spec?: Record<string, unknown> } } | undefined)?.template?.spec;
    for (const field of ["containers", "initContainers"]) {
      for (const container of (pod?.[field] ?? []) as { image?: string }[]) {
        if (container.image === undefined) continue;
        const [current, tag] = splitImage(container.image);
        if (current !== name) continue;
        const nextTag = newTag ?? tag;
        container.image = `${newName ?? current}${nextTag === undefined ? "" : `:${nextTag}`}`;
      }
    }
  }
}

function splitImage(image: string): [string, string | undefined] {
  const colon = image.lastIndexOf(":");
  return colon > image.lastIndexOf("/") ? [image.slice(0, colon), image.slice(colon + 1)] : [image, undefined];
}

interface PatchOp {
  op: string;
  path: string;
  value?: unknown;
}

function applyPatch(root: string, manifests: Manifest[], patch: Record<string, unknown>): void {
  const { path, target, ...rest } = patch;
  if (Object.keys(rest).length > 0 || typeof path !== "string") {
    throw new Error("patches: only { path, target: { kind, name } } is supported");
  }
  const { kind, name, ...otherTarget } = target as Record<string, string>;
  if (Object.keys(otherTarget).length > 0) throw new Error("patches: a target is selected by kind and name only");
  const ops = parse(readFileSync(within(root, resolve(root, path)), "utf8")) as PatchOp[];
  const matches = manifests.filter((m) => m.kind === kind && m.metadata.name === name);
  if (matches.length === 0) throw new Error(`patches: no ${kind}/${name} to patch with ${path}`);
  for (const manifest of matches) for (const op of ops) applyOp(manifest, op, path);
}

/** One RFC 6902 operation: add, replace or remove at a JSON pointer. */
export function applyOp(document: object, op: PatchOp, where = "patch"): void {
  const tokens = op.path
    .split("/")
    .slice(1)
    .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"));
  const last = tokens.pop();
  if (last === undefined) throw new Error(`${where}: cannot ${op.op} the whole document`);
  let parent = document as Record<string, unknown>;
  for (const token of tokens) {
    const next = parent[token];
    if (typeof next !== "object" || next === null) throw new Error(`${where}: ${op.path} does not exist`);
    parent = next as Record<string, unknown>;
  }
  const isArray = Array.isArray(parent);
  const exists = isArray ? Number(last) < (parent as unknown as unknown[]).length : last in parent;
  switch (op.op) {
    case "add":
      if (isArray) {
        const items = parent as unknown as unknown[];
        items.splice(last === "-" ? items.length : Number(last), 0, op.value);
      } else parent[last] = op.value;
      return;
    case "replace":
      if (!exists) throw new Error(`${where}: ${op.path} does not exist`);
      parent[last] = op.value;
      return;
    case "remove":
      if (!exists) throw new Error(`${where}: ${op.path} does not exist`);
      if (isArray) (parent as unknown as unknown[]).splice(Number(last), 1);
      else delete parent[last];
      return;
    default:
      throw new Error(`${where}: unsupported patch op "${op.op}"`);
  }
}
