// The person's conversations, newest first: open, start new, rename, delete.

import { deleteThread, renameThread, searchThreads } from "./api.js";
import { clear, h } from "./dom.js";

const today = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });
const earlier = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const when = (time) =>
  (new Date(time).toDateString() === new Date().toDateString() ? today : earlier).format(time);

export const titleOf = (thread) => thread?.metadata?.title || "Untitled conversation";

export class ThreadList {
  // hooks: onOpen(threadId), onNew(), onDeleted(threadId), onFailure(error)
  constructor({ list, newButton, hooks }) {
    this.list = list;
    this.newButton = newButton;
    this.hooks = hooks;
    this.threads = [];
    this.active = null;
    this.busy = false;
    this.editing = false; // a rename or delete question is open: keep it on screen
    this.tickets = 0; // list requests sent
    this.changes = 0; // changes made here (add, rename, delete)
    newButton.addEventListener("click", () => this.hooks.onNew());
  }

  async refresh() {
    // Only the latest answer counts, and only if nothing changed here while it was coming
    // (a rename saved meanwhile would otherwise be drawn over with the old title).
    const ticket = ++this.tickets;
    const changes = this.changes;
    const threads = await searchThreads();
    if (ticket !== this.tickets) return;
    if (changes !== this.changes) return this.refresh();
    const stamp = (t) => Date.parse(t.updated_at ?? t.created_at ?? 0) || 0;
    this.threads = [...(threads ?? [])].sort((a, b) => stamp(b) - stamp(a));
    this.render();
  }

  // A conversation created a moment ago, shown before the next refresh.
  add(thread) {
    this.changes++;
    this.threads = [thread, ...this.threads.filter((t) => t.thread_id !== thread.thread_id)];
    this.setActive(thread.thread_id);
  }

  setActive(threadId) {
    this.active = threadId;
    this.render();
  }

  setBusy(busy) {
    this.busy = busy;
    this.newButton.disabled = busy;
    for (const button of this.list.querySelectorAll("button")) button.disabled = busy;
  }

  // Draws the list, unless the person is renaming or deleting (then when they are done).
  render() {
    if (this.editing) return;
    clear(this.list);
    if (!this.threads.length) {
      this.list.append(h("li", { class: "empty" }, "No conversations yet."));
      return;
    }
    for (const thread of this.threads) this.list.append(this.#row(thread));
    this.setBusy(this.busy);
  }

  #row(thread) {
    const title = titleOf(thread);
    const id = thread.thread_id;
    const updated = Date.parse(thread.updated_at ?? thread.created_at ?? "");
    return h(
      "li",
      { class: "thread", dataset: { threadId: id } },
      h(
        "button",
        {
          type: "button",
          class: "open",
          "aria-current": id === this.active ? "true" : false,
          onclick: () => this.hooks.onOpen(id),
        },
        h("span", { class: "title" }, title),
        Number.isNaN(updated) ? null : h("span", { class: "when" }, when(updated)),
      ),
      h(
        "span",
        { class: "row-actions" },
        h(
          "button",
          {
            type: "button",
            class: "quiet",
            "aria-label": `Rename conversation: ${title}`,
            onclick: (e) => this.#rename(e.currentTarget.closest("li"), thread),
          },
          "Rename",
        ),
        h(
          "button",
          {
            type: "button",
            class: "quiet",
            "aria-label": `Delete conversation: ${title}`,
            onclick: (e) => this.#confirmDelete(e.currentTarget.closest("li"), thread),
          },
          "Delete",
        ),
      ),
    );
  }

  // Closes any rename or delete question and draws the list as it now is.
  done() {
    this.editing = false;
    this.render();
  }

  #rename(row, thread) {
    this.editing = true;
    const input = h("input", {
      type: "text",
      value: titleOf(thread),
      maxlength: 120,
      "aria-label": "Conversation title",
      required: true,
    });
    const save = async (event) => {
      event.preventDefault();
      const title = input.value.replace(/\s+/g, " ").trim();
      if (!title) return;
      try {
        const updated = await renameThread(thread.thread_id, title);
        this.changes++;
        // By id: a refresh may have replaced the list (and this thread's object) meanwhile.
        this.threads = this.threads.map((t) =>
          t.thread_id === thread.thread_id
            ? { ...t, metadata: { ...(t.metadata ?? {}), ...(updated?.metadata ?? {}), title } }
            : t,
        );
        this.done();
      } catch (error) {
        this.hooks.onFailure(error);
      }
    };
    const form = h(
      "form",
      { class: "rename", onsubmit: save },
      input,
      h("button", { type: "submit" }, "Save"),
      h("button", { type: "button", class: "quiet", onclick: () => this.done() }, "Cancel"),
    );
    input.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.done();
    });
    row.replaceChildren(form);
    input.focus();
    input.select();
  }

  #confirmDelete(row, thread) {
    this.editing = true;
    const remove = async () => {
      try {
        await deleteThread(thread.thread_id);
        this.changes++;
        this.threads = this.threads.filter((t) => t.thread_id !== thread.thread_id);
        this.done();
        this.hooks.onDeleted(thread.thread_id);
      } catch (error) {
        this.hooks.onFailure(error);
      }
    };
    row.replaceChildren(
      h(
        "div",
        { class: "confirm", role: "group", "aria-label": "Confirm delete" },
        h("span", {}, `Delete “${titleOf(thread)}”?`),
        h("button", { type: "button", class: "danger", onclick: remove }, "Delete"),
        h("button", { type: "button", class: "quiet", onclick: () => this.done() }, "Cancel"),
      ),
    );
    row.querySelector("button.danger").focus();
  }
}
