import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Eta } from "eta";
import * as prettier from "prettier";
import { NameError, type ApiNames } from "../names.js";
import type { FileEdit } from "../service-name.js";
import { BUF_WORKSPACE, withBufModule } from "./buf-module.js";
import { MIGRATIONS_DIR } from "./migration-number.js";
import { OUTPUTS, REGISTRY, registryLine } from "./outputs.js";
import { templateData, type TemplateData } from "./template-data.js";

/** The templates of a new API's files (./outputs.ts lists them). */
export const TEMPLATES_DIR = join(import.meta.dirname, "templates");

/**
 * RESOURCE names the generated code could not use: names it refers to
 * unqualified (TypeScript's globals, the kit's types, imported messages) and
 * the names of the contract's own enum.
 */
export const RESERVED_RESOURCES: ReadonlySet<string> = new Set([
  "Array",
  "Boolean",
  "Buffer",
  "Context",
  "Date",
  "Empty",
  "Error",
  "ErrorReason",
  "FieldMask",
  "Generated",
  "Json",
  "Map",
  "Migration",
  "Number",
  "Object",
  "Promise",
  "Record",
  "Selectable",
  "Set",
  "String",
  "Symbol",
  "Timestamp",
]);

/** What `make new-api` writes: new files, the line it appends to REGISTRY, and buf.yaml if it lacks the api module. */
export interface NewApiPlan {
  readonly data: TemplateData;
  /** Files that do not exist yet, in OUTPUTS order, formatted as `make lint` wants them. */
  readonly files: readonly FileEdit[];
  /** The `export` line appended to REGISTRY. */
  readonly registration: string;
  /** BUF_WORKSPACE with the api module added, when it had none (after `make remove-example`). */
  readonly workspace?: string;
}

/**
 * Plans a new API in `root`: renders every template. Refuses (NameError,
 * before anything is written) a NAME whose API exists, a RESOURCE the code
 * cannot use or whose table exists, and any file that exists already.
 */
export async function planNewApi(root: string, names: ApiNames, migrationNumber: number): Promise<NewApiPlan> {
  const data = templateData(names, migrationNumber);
  checkFree(root, data);
  const eta = new Eta({ views: TEMPLATES_DIR, autoEscape: false, autoTrim: false });
  const files: FileEdit[] = [];
  for (const output of OUTPUTS) {
    const path = output.path(data);
    files.push({ path, content: await formatted(join(root, path), eta.render(output.template, data)) });
  }
  return { data, files, registration: registryLine(data), ...workspaceEdit(root) };
}

function checkFree(root: string, it: TemplateData): void {
  if (RESERVED_RESOURCES.has(it.resource) || it.resource === it.service) {
    throw new NameError(`RESOURCE=${it.resource} is a name the generated code uses for something else: choose another`);
  }
  if (existsSync(join(root, "api", it.api))) {
    throw new NameError(`NAME=${it.api} exists already (api/${it.api}): choose another name`);
  }
  if (existsSync(join(root, "third_party", it.api))) {
    throw new NameError(
      `NAME=${it.api} is the package of a vendored dependency (third_party/${it.api}): choose another`,
    );
  }
  const registry = join(root, REGISTRY);
  if (!existsSync(registry)) throw new Error(`${REGISTRY} is missing: this is not a Strata service`);
  if (new RegExp(`\\b${it.apiCamel}Api\\b`).test(readFileSync(registry, "utf8"))) {
    throw new NameError(`NAME=${it.api} exists already (${it.apiCamel}Api in ${REGISTRY}): choose another name`);
  }
  const table = readdirSync(join(root, MIGRATIONS_DIR)).find((file) => file.endsWith(`_create_${it.pluralSnake}.ts`));
  if (table !== undefined) {
    throw new NameError(
      `the table ${it.pluralSnake} exists already (${MIGRATIONS_DIR}/${table}): choose another RESOURCE or PLURAL`,
    );
  }
  const taken = OUTPUTS.map((output) => output.path(it)).filter((path) => existsSync(join(root, path)));
  if (taken.length > 0) {
    throw new NameError(
      `NAME=${it.api} RESOURCE=${it.resource} would overwrite ${taken.join(", ")}: choose other names`,
    );
  }
}

function workspaceEdit(root: string): { workspace?: string } {
  const path = join(root, BUF_WORKSPACE);
  if (!existsSync(path)) return {};
  const source = readFileSync(path, "utf8");
  const workspace = withBufModule(source, "api");
  return workspace === source ? {} : { workspace };
}

/** TypeScript as prettier formats it with the project's config; other files as rendered. */
async function formatted(path: string, text: string): Promise<string> {
  if (!path.endsWith(".ts")) return text;
  const options = await prettier.resolveConfig(path);
  return prettier.format(text, { ...options, filepath: path });
}
