// The task list beside the chat: titles, done state, priority, tags, due dates, subtasks
// indented under their parent. Each checkbox completes or reopens its task through the API:
// one change to one task, the person's own, which the approval rules (nodes/approval.py:
// deleting, or a step changing several tasks at once) never ask about; deleting and bulk
// changes stay in the chat, where they are asked about.

import { completeTask, listTasks, reopenTask } from "./api.js";
import { userTimeZone } from "./dates.js";
import { clear, h } from "./dom.js";

const dueDate = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const dueTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
// A due date without a time of day is stored as the end of that day: show the date alone.
const endOfDay = (due) => due.getHours() === 23 && due.getMinutes() === 59;

export class TaskPanel {
  // onError(error): a change did not go through (the checkbox is put back).
  constructor({ list, count, onError }) {
    this.list = list;
    this.count = count;
    this.onError = onError;
    this.tickets = 0;
    this.userId = null;
  }

  async refresh(userId) {
    this.userId = userId;
    const ticket = ++this.tickets;
    const body = await listTasks(userId);
    if (ticket !== this.tickets) return; // a newer list is on its way
    const tasks = Array.isArray(body) ? body : (body?.tasks ?? body?.items ?? []);
    this.render(tasks);
  }

  render(tasks) {
    const byId = new Map(tasks.map((t) => [t.id, t]));
    const children = new Map();
    const roots = [];
    for (const task of tasks) {
      if (task.parent_id != null && byId.has(task.parent_id)) {
        if (!children.has(task.parent_id)) children.set(task.parent_id, []);
        children.get(task.parent_id).push(task);
      } else {
        roots.push(task);
      }
    }
    const open = tasks.filter((t) => !t.completed).length;
    this.count.textContent = tasks.length ? `${open} open of ${tasks.length}` : "";
    clear(this.list);
    if (!tasks.length) {
      this.list.append(h("li", { class: "empty" }, "No tasks yet."));
      return;
    }
    const seen = new Set();
    const toggle = (task, box) => this.#toggle(task, box);
    for (const task of roots) this.list.append(item(task, children, seen, toggle));
  }

  // The person ticked or unticked `task`: tell the server, then show the list as it now is
  // (a recurring task's next occurrence included).
  async #toggle(task, box) {
    const userId = this.userId;
    const done = box.checked;
    box.disabled = true;
    try {
      if (done) await completeTask(userId, task.id, userTimeZone());
      else await reopenTask(userId, task.id);
    } catch (error) {
      box.checked = !done;
      box.disabled = false;
      this.onError?.(error);
      return;
    }
    await this.refresh(userId).catch((error) => this.onError?.(error));
  }
}

function item(task, children, seen, toggle) {
  seen.add(task.id);
  const kids = (children.get(task.id) ?? []).filter((t) => !seen.has(t.id));
  const state = task.completed ? "done" : "open";
  return h(
    "li",
    { class: "task", dataset: { taskId: task.id, state } },
    h(
      "div",
      { class: "task-row" },
      h("input", {
        type: "checkbox",
        class: "check",
        checked: Boolean(task.completed),
        "aria-label": `Done: ${task.title}`,
        onchange: (event) => toggle(task, event.currentTarget),
      }),
      h("span", { class: "task-id" }, `#${task.id}`),
      h("span", { class: "task-title" }, task.title),
      task.priority && task.priority !== "medium"
        ? h("span", { class: `priority priority-${task.priority}` }, `${task.priority} priority`)
        : null,
      (task.tags ?? []).map((tag) => h("span", { class: "tag" }, `#${tag}`)),
      dueOf(task),
      recurrenceOf(task),
    ),
    kids.length
      ? h(
          "ul",
          { class: "subtasks", "aria-label": `Subtasks of ${task.title}` },
          kids.map((k) => item(k, children, seen, toggle)),
        )
      : null,
  );
}

// The rule in words ("every Tuesday and Thursday at 07:00"), the RRULE itself on hover.
function recurrenceOf(task) {
  if (!task.recurrence) return null;
  const words = task.recurrence_text || task.recurrence;
  return h("span", { class: "recurrence", title: task.recurrence }, `repeats ${words}`);
}

function dueOf(task) {
  if (!task.due) return null;
  const due = new Date(task.due);
  if (Number.isNaN(due.getTime())) return null;
  const overdue = !task.completed && due.getTime() < Date.now();
  return h(
    "time",
    { class: overdue ? "due overdue" : "due", datetime: task.due },
    `${overdue ? "overdue " : "due "}${(endOfDay(due) ? dueDate : dueTime).format(due)}`,
  );
}
