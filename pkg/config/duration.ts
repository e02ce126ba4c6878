const UNITS_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;

/**
 * Parses a duration written like `500ms`, `2s`, `1.5m` or `1h` into
 * milliseconds; `0` alone is accepted too. Returns undefined when malformed.
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === "0") return 0;
  const match = DURATION.exec(trimmed);
  if (!match) return undefined;
  const [, amount, unit] = match;
  return Math.round(Number(amount) * (UNITS_MS[unit as string] as number));
}
