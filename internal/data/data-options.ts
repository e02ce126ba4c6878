/** How the data layer behaves beyond the database connection. */
export interface DataOptions {
  /** How long a cached todo lives, in ms. */
  readonly cacheTtl: number;
}
