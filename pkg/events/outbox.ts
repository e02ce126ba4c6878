import { randomUUID } from "node:crypto";
import type { DataContext } from "../data/context.js";
import type { UnitOfWork } from "../data/unit-of-work.js";
import type { EventTables } from "./tables.js";

/**
 * Writes events to the outbox in the caller's transaction, so an event exists
 * exactly when the change it describes was committed. The relay publishes them.
 */
export class Outbox {
  constructor(
    private readonly uow: UnitOfWork<EventTables>,
    /** Called after a commit that wrote events: the relay's wake-up, so events go out at once rather than at the next poll. */
    private readonly onCommit: () => void = () => undefined,
  ) {}

  /** Appends an event of `type` (a protobuf message name) in ctx's transaction; returns its id. */
  async append(ctx: DataContext, type: string, payload: Uint8Array): Promise<string> {
    const id = randomUUID();
    await this.uow.query(ctx, (db) =>
      db.insertInto("strata_outbox").values({ id, type, payload, sent_time: null }).execute(),
    );
    await this.uow.afterCommit(ctx, this.onCommit);
    return id;
  }
}
