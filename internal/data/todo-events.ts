import { create, toBinary } from "@bufbuild/protobuf";
import { inject, injectable } from "tsyringe";
import { TodoCreatedSchema, TodoDeletedSchema, TodoUpdatedSchema } from "../../api/todo/v1/events_pb.js";
import type { Context } from "../biz/context.js";
import type { Todo } from "../biz/todo.js";
import { todoMessage } from "../biz/todo-message.js";
import type { TodoEvents } from "../biz/todo-events.js";
import { Outbox } from "../../pkg/events/index.js";

/** TodoEvents as protobuf messages (api/todo/v1/events.proto) in the transactional outbox. */
@injectable()
export class OutboxTodoEvents implements TodoEvents {
  constructor(@inject(Outbox) private readonly outbox: Outbox) {}

  async created(ctx: Context, todo: Todo): Promise<void> {
    await this.outbox.append(
      ctx,
      TodoCreatedSchema.typeName,
      toBinary(TodoCreatedSchema, create(TodoCreatedSchema, { todo: todoMessage(todo) })),
    );
  }

  async updated(ctx: Context, todo: Todo, previous: Todo): Promise<void> {
    const event = create(TodoUpdatedSchema, { todo: todoMessage(todo), previous: todoMessage(previous) });
    await this.outbox.append(ctx, TodoUpdatedSchema.typeName, toBinary(TodoUpdatedSchema, event));
  }

  async deleted(ctx: Context, todo: Todo): Promise<void> {
    await this.outbox.append(
      ctx,
      TodoDeletedSchema.typeName,
      toBinary(TodoDeletedSchema, create(TodoDeletedSchema, { todo: todoMessage(todo) })),
    );
  }
}
