import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import type { z } from "zod";
import { expandPlaceholders, type Environment } from "./placeholders.js";

/** A config that failed to load or validate; the message names every bad key. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/**
 * Validates a parsed config document against the service's schema after
 * expanding `${ENV:default}` placeholders. Throws a ConfigError naming each
 * offending key, e.g. `server.http.addr: expected "host:port"`.
 */
export function parseConfig<S extends z.ZodType>(
  document: unknown,
  schema: S,
  env: Environment = process.env,
): z.output<S> {
  const result = schema.safeParse(expandPlaceholders(document ?? {}, env));
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.length > 0 ? issue.path.join(".") : "(root)";
    return `  ${key}: ${issue.message}`;
  });
  throw new ConfigError(`invalid config:\n${problems.join("\n")}`);
}

/** Reads a YAML config file and validates it as {@link parseConfig} does. */
export async function loadConfig<S extends z.ZodType>(
  path: string,
  schema: S,
  env: Environment = process.env,
): Promise<z.output<S>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}`);
  }
  let document: unknown;
  try {
    document = parse(text);
  } catch (err) {
    throw new ConfigError(`config file ${path} is not valid YAML: ${(err as Error).message}`);
  }
  try {
    return parseConfig(document, schema, env);
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigError(`${path}: ${err.message}`);
    throw err;
  }
}
