import { create } from "@bufbuild/protobuf";
import { FieldMaskSchema, timestampDate } from "@bufbuild/protobuf/wkt";
import { describe, expect, it, vi } from "vitest";
import { isTodoInvalidUpdateMask } from "../../api/todo/v1/error_reason_errors.js";
import { TodoService as TodoServiceDesc, UpdateTodoRequestSchema } from "../../api/todo/v1/todo_pb.js";
import { newCallContext } from "../../pkg/transport/context.js";
import type { Todo } from "../biz/todo.js";
import type { TodoUsecase } from "../biz/todo-usecase.js";
import { TodoService } from "./todo-service.js";

const ctx = newCallContext({ kind: "grpc", method: TodoServiceDesc.method.updateTodo });
const stored: Todo = {
  id: "t1",
  title: "stored",
  done: false,
  createTime: new Date("2026-01-01T00:00:00.123Z"),
  updateTime: new Date("2026-01-02T00:00:00.456Z"),
  etag: "7",
};

function serviceWith(update: TodoUsecase["update"]): TodoService {
  return new TodoService({ update } as TodoUsecase);
}

function updateRequest(paths?: string[]) {
  return create(UpdateTodoRequestSchema, {
    todo: { id: "t1", title: "new title", done: true, etag: "6" },
    ...(paths && { updateMask: create(FieldMaskSchema, { paths }) }),
  });
}

describe("TodoService.updateTodo", () => {
  it("turns the update mask into a domain patch of only those fields", async () => {
    const update = vi.fn(async () => stored);
    await serviceWith(update).updateTodo(updateRequest(["done"]), ctx);
    expect(update).toHaveBeenCalledWith(ctx, "t1", { done: true }, "6");
  });

  it("updates every updatable field when the mask is empty", async () => {
    const update = vi.fn(async () => stored);
    await serviceWith(update).updateTodo(updateRequest(), ctx);
    expect(update).toHaveBeenCalledWith(ctx, "t1", { title: "new title", done: true }, "6");
  });

  it("rejects a path that cannot be updated, naming it", async () => {
    const update = vi.fn(async () => stored);
    const error = await serviceWith(update)
      .updateTodo(updateRequest(["title", "id"]), ctx)
      .catch((err: unknown) => err);
    expect(isTodoInvalidUpdateMask(error)).toBe(true);
    expect(error).toMatchObject({ code: 400, metadata: { field: "update_mask", path: "id" } });
    expect(update).not.toHaveBeenCalled();
  });

  it("maps the domain todo back to the API message, times included", async () => {
    const reply = await serviceWith(async () => stored).updateTodo(updateRequest(), ctx);
    expect(reply).toMatchObject({ id: "t1", title: "stored", done: false, etag: "7" });
    expect(timestampDate(reply.createTime!)).toEqual(stored.createTime);
    expect(timestampDate(reply.updateTime!)).toEqual(stored.updateTime);
  });
});
