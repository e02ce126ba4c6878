/** Matches `${NAME}` and `${NAME:default}`; the default may contain colons. */
const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}/g;

/** Where placeholder values come from; usually `process.env`. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Replaces `${NAME:default}` placeholders in every string of a parsed config
 * document with the environment's value, or the default when the variable is
 * unset or empty. A placeholder with no default and no value becomes "".
 */
export function expandPlaceholders(value: unknown, env: Environment): unknown {
  if (typeof value === "string") {
    return value.replace(PLACEHOLDER, (_match, name: string, fallback: string | undefined) => {
      const fromEnv = env[name];
      return fromEnv !== undefined && fromEnv !== "" ? fromEnv : (fallback ?? "");
    });
  }
  if (Array.isArray(value)) return value.map((item) => expandPlaceholders(item, env));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expandPlaceholders(item, env)]));
  }
  return value;
}
