import type { TemplateData } from "./template-data.js";

/** One file a new API consists of: the template (in ./templates) it is rendered from, and where it goes. */
export interface Output {
  readonly template: string;
  readonly path: (it: TemplateData) => string;
}

/**
 * The files `make new-api` writes, one template each, in the order it prints
 * them: the contract, then each layer inward (service → biz ← data), the
 * composition (internal/apis), and the test over both transports.
 */
export const OUTPUTS: readonly Output[] = [
  { template: "proto", path: (it) => `api/${it.api}/v1/${it.api}.proto` },
  { template: "service", path: (it) => `internal/service/${it.apiKebab}-service.ts` },
  { template: "service-message", path: (it) => `internal/service/${it.resourceKebab}-message.ts` },
  { template: "biz-entity", path: (it) => `internal/biz/${it.resourceKebab}.ts` },
  { template: "biz-usecase", path: (it) => `internal/biz/${it.resourceKebab}-usecase.ts` },
  { template: "biz-page-token", path: (it) => `internal/biz/${it.resourceKebab}-page-token.ts` },
  { template: "data-schema", path: (it) => `internal/data/${it.resourceKebab}-schema.ts` },
  { template: "data-repo", path: (it) => `internal/data/${it.resourceKebab}-repo.ts` },
  { template: "data-migration", path: (it) => `internal/data/migrations/${it.migration}.ts` },
  { template: "apis", path: (it) => `internal/apis/${it.apiKebab}.ts` },
  { template: "test-support", path: (it) => `test/support/${it.apiKebab}-api.ts` },
  { template: "test", path: (it) => `test/${it.apiKebab}.test.ts` },
];

/** The module every API is registered in, one `export` line each. */
export const REGISTRY = "internal/apis/registered.ts";

/** The line that registers the API in REGISTRY. */
export function registryLine(it: TemplateData): string {
  return `export { ${it.apiCamel}Api } from "./${it.apiKebab}.js";\n`;
}
