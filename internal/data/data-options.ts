/** How the data layer behaves beyond the database connection. */
export interface DataOptions {
  /** How long a cached read lives, in ms (writes invalidate it at once). */
  readonly cacheTtl: number;
}
