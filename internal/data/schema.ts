import type { EventTables } from "../../pkg/events/index.js";

/**
 * Every table of the service's database, for Kysely's typing: the kit's outbox
 * and inbox here; each API's schema module adds its own tables to this
 * interface by declaration merging (`declare module "./schema.js"`), so adding
 * or removing an API edits no shared file.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- extended by each API's schema module
export interface Tables extends EventTables {}
