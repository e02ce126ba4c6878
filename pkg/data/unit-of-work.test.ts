import { PGlite } from "@electric-sql/pglite";
import { Kysely, sql } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deadlineExceeded, isStrataError } from "../errors/index.js";
import { toDataError } from "./sql-errors.js";
import { UnitOfWork } from "./unit-of-work.js";

interface Db {
  items: { id: number; n: number };
}

const live = () => ({ signal: new AbortController().signal });

describe("UnitOfWork on PGlite", () => {
  let db: Kysely<Db>;
  let uow: UnitOfWork<Db>;

  beforeAll(async () => {
    db = new Kysely<Db>({ dialect: new PGliteDialect(new PGlite()) });
    await sql`create table items (id int primary key, n int not null)`.execute(db);
    uow = new UnitOfWork<Db>({ db: () => db });
  });

  afterAll(async () => {
    await db.destroy();
  });

  const count = async () => Number((await sql<{ c: string }>`select count(*) as c from items`.execute(db)).rows[0]!.c);

  it("commits, then runs the commit hooks in order", async () => {
    const events: string[] = [];
    await uow.run(live(), async (ctx) => {
      await uow.query(ctx, (tx) => tx.insertInto("items").values({ id: 1, n: 0 }).execute());
      await uow.afterCommit(ctx, () => void events.push(`hook sees ${events.length} before`));
      await uow.afterCommit(ctx, () => void events.push("second"));
      events.push("body done");
    });
    expect(events).toEqual(["body done", "hook sees 1 before", "second"]);
    expect(await count()).toBe(1);
  });

  it("rolls back everything, the joined inner run included, and runs no hook when the body throws", async () => {
    let hooked = false;
    const error = await uow
      .run(live(), async (ctx) => {
        await uow.query(ctx, (tx) => tx.insertInto("items").values({ id: 2, n: 0 }).execute());
        await uow.run(ctx, (inner) =>
          uow.query(inner, (tx) => tx.insertInto("items").values({ id: 3, n: 0 }).execute()),
        );
        await uow.afterCommit(ctx, () => void (hooked = true));
        throw new Error("boom");
      })
      .catch((err: unknown) => err);
    expect((error as Error).message).toBe("boom");
    expect(hooked).toBe(false);
    expect(await count()).toBe(1);
  });

  it("serializes concurrent transactions on PGlite's single connection (no lost update)", async () => {
    await Promise.all(
      Array.from({ length: 20 }, () =>
        uow.run(live(), async (ctx) => {
          const row = await uow.query(ctx, (tx) =>
            tx.selectFrom("items").select("n").where("id", "=", 1).executeTakeFirstOrThrow(),
          );
          await new Promise((resolve) => setTimeout(resolve, 1));
          await uow.query(ctx, (tx) =>
            tx
              .updateTable("items")
              .set({ n: row.n + 1 })
              .where("id", "=", 1)
              .execute(),
          );
        }),
      ),
    );
    const row = await db.selectFrom("items").select("n").where("id", "=", 1).executeTakeFirstOrThrow();
    expect(row.n).toBe(20);
  });

  it("fails an aborted call with the signal's error and writes nothing", async () => {
    const controller = new AbortController();
    const error = await uow
      .run({ signal: controller.signal }, async (ctx) => {
        await uow.query(ctx, (tx) => tx.insertInto("items").values({ id: 9, n: 0 }).execute());
        controller.abort(deadlineExceeded());
        await uow.query(ctx, (tx) => tx.insertInto("items").values({ id: 10, n: 0 }).execute());
      })
      .catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 504, reason: "DEADLINE_EXCEEDED" });
    expect(await count()).toBe(1);
  });
});

describe("toDataError", () => {
  it("reports a lost connection as 503 UNAVAILABLE and keeps other errors as they are", () => {
    const terminated = Object.assign(new Error("terminating connection due to administrator command"), {
      code: "57P01",
    });
    expect(toDataError(terminated, live().signal)).toMatchObject({ code: 503, reason: "UNAVAILABLE" });
    expect(toDataError(new Error("Connection terminated unexpectedly"), live().signal)).toMatchObject({ code: 503 });
    const unique = Object.assign(new Error("duplicate key"), { code: "23505" });
    expect(toDataError(unique, live().signal)).toBe(unique);
  });

  it("reports a value the database cannot store as text (NUL, bad encoding) as 400 MALFORMED_REQUEST", () => {
    const nul = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: "22021" });
    expect(toDataError(nul, live().signal)).toMatchObject({ code: 400, reason: "MALFORMED_REQUEST" });
  });

  it("reports any failure of an aborted call as the abort: 504 or 499", () => {
    const controller = new AbortController();
    controller.abort(new DOMException("timed out", "TimeoutError"));
    const cancelled = Object.assign(new Error("canceling statement due to user request"), { code: "57014" });
    expect(toDataError(cancelled, controller.signal)).toMatchObject({ code: 504, reason: "DEADLINE_EXCEEDED" });
    const gone = new AbortController();
    gone.abort();
    const error = toDataError(cancelled, gone.signal);
    expect(isStrataError(error) && error.code).toBe(499);
  });
});
