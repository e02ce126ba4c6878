import { camelCase, capitalCase, pascalCase } from "change-case";
import type { ApiNames } from "../names.js";

/** What the templates of a new API see as `it`: its names, and the names derived for its code and migration. */
export interface TemplateData extends ApiNames {
  /** The API in PascalCase, for the names of its test helpers: `Billing`. */
  readonly apiPascal: string;
  /** The API in camelCase, for its Api object (`billingApi`): `billing`. */
  readonly apiCamel: string;
  /** The collection in words, for comments and messages: `invoices`. */
  readonly pluralWords: string;
  /** The migration's name, `NNNN_create_<table>`, also its file's: `0005_create_invoices`. */
  readonly migration: string;
  /** The migration's exported name: `createInvoices`. */
  readonly migrationExport: string;
}

/** The template data of an API whose migration gets `migrationNumber` (e.g. 5 → 0005). */
export function templateData(names: ApiNames, migrationNumber: number): TemplateData {
  return {
    ...names,
    apiPascal: pascalCase(names.api),
    apiCamel: camelCase(names.api),
    pluralWords: capitalCase(names.pluralPascal).toLowerCase(),
    migration: `${String(migrationNumber).padStart(4, "0")}_create_${names.pluralSnake}`,
    migrationExport: `create${names.pluralPascal}`,
  };
}
