import { camelCase, capitalCase, constantCase, kebabCase, pascalCase } from "change-case";

/** A name given on the command line that a template command cannot use; the CLI exits 2 with its message. */
export class NameError extends Error {
  override readonly name = "NameError";
}

/** The longest service name: a DNS-1035 label (63) less the longest suffix the manifests add ("-headless"). */
export const MAX_SERVICE_NAME = 54;

/**
 * Checks a service name: a DNS label that Kubernetes accepts for every object
 * the manifests derive from it (Services need DNS-1035: a lower-case letter
 * first), e.g. `orders` or `order-history`.
 */
export function checkServiceName(name: string): string {
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
    throw new NameError(
      `NAME=${JSON.stringify(name)} is not a DNS-1123 label: lower-case letters, digits and "-", starting with a letter and ending with a letter or digit (e.g. orders)`,
    );
  }
  if (name.length > MAX_SERVICE_NAME) {
    throw new NameError(
      `NAME=${name} is ${name.length} characters long; at most ${MAX_SERVICE_NAME} fit every object name`,
    );
  }
  return name;
}

/** The names one API's files and code are derived from, in each case they are written in. */
export interface ApiNames {
  /** The API's package segment and directory, lower_snake: `billing` → api/billing/v1, package billing.v1. */
  readonly api: string;
  /** Its file names, kebab-case: `billing`. */
  readonly apiKebab: string;
  /** Its service, PascalCase: `BillingService`. */
  readonly service: string;
  /** The resource, PascalCase: `Invoice`. */
  readonly resource: string;
  /** The resource in camelCase: `invoice`. */
  readonly resourceCamel: string;
  /** The resource in lower_snake (its message field and table column prefix): `invoice`. */
  readonly resourceSnake: string;
  /** The resource in kebab-case (its file names): `invoice`. */
  readonly resourceKebab: string;
  /** The resource in CONSTANT_CASE (its error reasons): `INVOICE`. */
  readonly resourceConstant: string;
  /** The resource in words, for comments and messages: `invoice`. */
  readonly resourceWords: string;
  /** The collection, lower case (its URL segment): `invoices`. */
  readonly plural: string;
  /** The collection in PascalCase (the List method): `Invoices`. */
  readonly pluralPascal: string;
  /** The collection in camelCase: `invoices`. */
  readonly pluralCamel: string;
  /** The collection in lower_snake (its table): `invoices`. */
  readonly pluralSnake: string;
}

/**
 * Derives and checks the names of a new API from `make new-api` arguments:
 * NAME lower_snake (`billing`), RESOURCE PascalCase (`Invoice`), PLURAL
 * lower case (default: the resource in lower case plus "s").
 */
export function apiNames(name: string, resource: string, plural?: string): ApiNames {
  if (!/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(name)) {
    throw new NameError(`NAME=${JSON.stringify(name)} is not lower_snake_case (e.g. billing or order_history)`);
  }
  if (!/^[A-Z][a-zA-Z0-9]*$/.test(resource) || pascalCase(resource) !== resource) {
    throw new NameError(`RESOURCE=${JSON.stringify(resource)} is not PascalCase (e.g. Invoice or LineItem)`);
  }
  const collection = plural ?? `${resource.toLowerCase()}s`;
  if (!/^[a-z][a-z0-9]*$/.test(collection)) {
    throw new NameError(`PLURAL=${JSON.stringify(collection)} is not a lower-case word (e.g. invoices)`);
  }
  if (collection === resource.toLowerCase()) {
    throw new NameError(`PLURAL=${collection} must differ from the resource's own name`);
  }
  // "lineitems" for LineItem keeps the resource's own word breaks: LineItems.
  const lower = resource.toLowerCase();
  const pluralPascal = collection.startsWith(lower)
    ? `${resource}${collection.slice(lower.length)}`
    : pascalCase(collection);
  return {
    api: name,
    apiKebab: kebabCase(name),
    service: `${pascalCase(name)}Service`,
    resource,
    resourceCamel: camelCase(resource),
    resourceSnake: constantCase(resource).toLowerCase(),
    resourceKebab: kebabCase(resource),
    resourceConstant: constantCase(resource),
    resourceWords: capitalCase(resource).toLowerCase(),
    plural: collection,
    pluralPascal,
    pluralCamel: camelCase(pluralPascal),
    pluralSnake: constantCase(pluralPascal).toLowerCase(),
  };
}
