// The task list beside the chat: titles, done state, priority, tags, due dates, subtasks
// indented under their parent.

import { listTasks } from "./api.js";
import { clear, h } from "./dom.js";

const dueDate = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const dueTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
// A due date without a time of day is stored as the end of that day: show the date alone.
const endOfDay = (due) => due.getHours() === 23 && due.getMinutes() === 59;

export class TaskPanel {
  constructor({ list, count }) {
    this.list = list;
    this.count = count;
    this.tickets = 0;
  }

  async refresh(userId) {
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
    for (const task of roots) this.list.append(item(task, children, seen));
  }
}

function item(task, children, seen) {
  seen.add(task.id);
  const kids = (children.get(task.id) ?? []).filter((t) => !seen.has(t.id));
  const state = task.completed ? "done" : "open";
  return h(
    "li",
    { class: "task", dataset: { taskId: task.id, state } },
    h(
      "div",
      { class: "task-row" },
      h("span", { class: "check", "aria-hidden": "true" }),
      h("span", { class: "task-id" }, `#${task.id}`),
      h("span", { class: "task-title" }, task.title),
      h("span", { class: "visually-hidden" }, task.completed ? " (done)" : " (open)"),
      task.priority && task.priority !== "medium"
        ? h("span", { class: `priority priority-${task.priority}` }, `${task.priority} priority`)
        : null,
      (task.tags ?? []).map((tag) => h("span", { class: "tag" }, `#${tag}`)),
      dueOf(task),
      recurrenceOf(task),
    ),
    kids.length
      ? h("ul", { class: "subtasks", "aria-label": `Subtasks of ${task.title}` }, kids.map((k) => item(k, children, seen)))
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
