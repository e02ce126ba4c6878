import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { TodoSchema, type Todo as TodoMessage } from "../../api/todo/v1/todo_pb.js";
import type { Todo } from "../biz/todo.js";

/** A todo as the contract's todo.v1.Todo message: what the service replies with. */
export function todoMessage(todo: Todo): TodoMessage {
  return create(TodoSchema, {
    id: todo.id,
    title: todo.title,
    done: todo.done,
    createTime: timestampFromDate(todo.createTime),
    updateTime: timestampFromDate(todo.updateTime),
    etag: todo.etag,
  });
}
