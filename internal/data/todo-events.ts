import { create, toBinary } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { inject, injectable } from "tsyringe";
import { TodoCreatedSchema, TodoDeletedSchema, TodoUpdatedSchema } from "../../api/todo/v1/events_pb.js";
import { TodoSchema, type Todo as TodoMessage } from "../../api/todo/v1/todo_pb.js";
import type { Context } from "../biz/context.js";
import type { Todo } from "../biz/todo.js";
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
      toBinary(TodoCreatedSchema, create(TodoCreatedSchema, { todo: eventTodo(todo) })),
    );
  }

  async updated(ctx: Context, todo: Todo, previous: Todo): Promise<void> {
    const event = create(TodoUpdatedSchema, { todo: eventTodo(todo), previous: eventTodo(previous) });
    await this.outbox.append(ctx, TodoUpdatedSchema.typeName, toBinary(TodoUpdatedSchema, event));
  }

  async deleted(ctx: Context, todo: Todo): Promise<void> {
    await this.outbox.append(
      ctx,
      TodoDeletedSchema.typeName,
      toBinary(TodoDeletedSchema, create(TodoDeletedSchema, { todo: eventTodo(todo) })),
    );
  }
}

/**
 * A todo as the events carry it (todo.v1.Todo inside each event): the data
 * layer's own mapping, as the events are a stored and published contract of
 * their own, kept apart from how the service replies.
 */
function eventTodo(todo: Todo): TodoMessage {
  return create(TodoSchema, {
    id: todo.id,
    title: todo.title,
    done: todo.done,
    createTime: timestampFromDate(todo.createTime),
    updateTime: timestampFromDate(todo.updateTime),
    etag: todo.etag,
  });
}
