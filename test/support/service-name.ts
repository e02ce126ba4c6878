import { readFileSync } from "node:fs";

/**
 * The service's name: package.json's `name`, which `make rename` changes with
 * every other place the name appears (config defaults, k8s objects, ...).
 */
export const SERVICE_NAME: string = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { name: string }
).name;
