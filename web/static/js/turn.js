// One assistant turn on the page: the workflow, the agents at work, the tool calls, the
// reply as it streams in, and (when the turn pauses) the changes waiting for approval.

import { AgentList } from "./agents.js";
import { approvalCard, markAnswered, markClosed } from "./approval.js";
import { clear, h } from "./dom.js";
import { fallbackBadge } from "./fallback.js";
import { renderMarkdown } from "./markdown.js";
import {
  REPLY_NODES,
  SUBGRAPHS,
  TOOL_CALLERS,
  interruptsOf,
  replyOf,
  splitEvent,
  textOf,
} from "./protocol.js";
import { ToolCalls } from "./toolcalls.js";

// What the line under a turn says; a finished turn says nothing (its reply speaks for it).
const STATUS = {
  working: "Working…",
  done: "",
  waiting: "Waiting for your approval.",
  closed: "Not answered: you sent a new message, so nothing was changed.",
  stopped: "Stopped. Anything already changed stays changed.",
  failed: "This turn did not finish.",
};

export class TurnView {
  // onAnswer(turn, approved, interrupts): the person answered the approval card.
  constructor({ onAnswer }) {
    this.onAnswer = onAnswer;
    this.runId = null;
    this.workflow = null;
    this.interrupts = new Map();
    this.failed = false;
    this.lastValues = null;
    this.texts = new Map(); // streamed reply text by message id

    this.workflowName = h("strong", { dataset: { testid: "workflow" } }, "choosing…");
    const agentList = h("ol", { class: "agents", "aria-label": "Agents" });
    const toolList = h("ol", { class: "tools", "aria-label": "Tool calls", hidden: true });
    this.agents = new AgentList({ list: agentList, onWorkflow: (w) => this.#setWorkflow(w) });
    this.tools = new ToolCalls({ list: toolList, ownerOf: (scope) => this.agents.labelOf(scope) });
    // Folded: the reply comes first; the agents and tool calls are one click away.
    this.activity = h(
      "details",
      { class: "activity", hidden: true },
      h("summary", {}, "Workflow: ", this.workflowName),
      agentList,
      toolList,
    );
    this.reply = h("div", { class: "reply markdown", dataset: { testid: "reply" } });
    this.approval = h("div", { class: "approval-slot" });
    this.error = h("p", { class: "turn-error", role: "alert", hidden: true });
    this.status = h("p", { class: "turn-status", role: "status" });
    this.element = h(
      "article",
      { class: "message assistant", "aria-label": "Assistant", "aria-busy": "false" },
      this.activity,
      this.reply,
      this.approval,
      this.error,
      this.status,
    );
  }

  start() {
    this.failed = false;
    this.element.setAttribute("aria-busy", "true");
    this.status.textContent = STATUS.working;
  }

  // One event of the run's stream.
  apply({ event, data }) {
    const { mode, ns } = splitEvent(event);
    if (mode === "metadata") this.runId = data?.run_id ?? this.runId;
    else if (mode === "messages") this.#message(ns, data);
    else if (mode === "updates") this.#updates(ns, data);
    else if (mode === "tasks") this.#show(() => this.agents.task(ns, data));
    else if (mode === "values" && !ns.length) this.#values(data);
    else if (mode === "error") this.fail(errorText(data));
  }

  fail(message) {
    this.failed = true;
    this.error.textContent = message;
    this.error.hidden = false;
  }

  // The stream ended: "done", "waiting" (paused for approval), "stopped" or "failed".
  finish(outcome) {
    const values = this.lastValues;
    if (values?.workflow && !this.workflow) this.#setWorkflow(values.workflow);
    const reply = outcome === "waiting" ? "" : replyOf(values?.messages);
    if (reply) this.#setReply(reply);
    const badge = reply ? fallbackBadge(values?.fallbacks) : null;
    if (badge && !this.element.querySelector(".fallback-badge")) this.reply.after(badge);
    this.agents.finish(outcome);
    this.tools.finish(outcome === "waiting");
    if (outcome === "waiting") this.#showApproval();
    this.element.setAttribute("aria-busy", "false");
    this.status.textContent = STATUS[outcome];
    this.status.dataset.outcome = outcome;
  }

  // A stored turn that is still waiting for approval (opened from the conversation list).
  restorePending(interrupts, workflow) {
    this.#interrupt(interrupts);
    if (workflow) this.#setWorkflow(workflow);
    this.finish("waiting");
  }

  // The person answered the approval: the run resumes with their answer.
  answered(approved) {
    const card = this.approval.firstElementChild;
    if (card) markAnswered(card, approved);
    this.interrupts.clear();
  }

  // The person moved on without answering (a new message): the request is closed, no
  // button on it answers any more.
  close() {
    const card = this.approval.firstElementChild;
    if (!card || card.dataset.answer) return;
    markClosed(card);
    this.interrupts.clear();
    this.status.textContent = STATUS.closed;
    this.status.dataset.outcome = "closed";
  }

  get waiting() {
    return this.status.dataset.outcome === "waiting";
  }

  // Resuming failed before the run started: ask again.
  unanswered(interrupts) {
    this.#interrupt(interrupts);
    this.#showApproval();
    this.status.textContent = STATUS.waiting;
  }

  #message(ns, data) {
    if (!Array.isArray(data)) return;
    const [message, metadata] = data;
    const node = metadata?.langgraph_node ?? "";
    if (message?.type !== "AIMessageChunk" && message?.type !== "ai") return;
    if (TOOL_CALLERS.has(node)) this.#show(() => this.tools.chunks(ns, message));
    const replies = REPLY_NODES.has(node) || (node === "validator" && message.type === "ai");
    const text = textOf(message);
    if (!replies || !text) return;
    const id = message.id ?? "reply";
    const full = message.type === "ai" ? text : (this.texts.get(id) ?? "") + text;
    this.texts.set(id, full);
    this.#setReply(full);
  }

  #updates(ns, data) {
    if (!data || typeof data !== "object") return;
    for (const [node, update] of Object.entries(data)) {
      if (node === "__interrupt__") {
        this.#interrupt(Array.isArray(update) ? update : []);
        continue;
      }
      if (node === "router" && update?.workflow) this.#setWorkflow(update.workflow);
      this.agents.update(ns, node, update);
      if (!SUBGRAPHS.has(node) && Array.isArray(update?.tool_calls)) {
        this.#show(() => update.tool_calls.forEach((record) => this.tools.record(ns, record)));
      }
    }
  }

  #values(state) {
    this.lastValues = state;
    this.#interrupt(interruptsOf(state));
  }

  #interrupt(list) {
    for (const interrupt of list) {
      this.interrupts.set(interrupt.id ?? JSON.stringify(interrupt.value), interrupt);
    }
  }

  // Run a change to the activity panel and show the panel once it has something in it.
  #show(change) {
    change();
    if (this.agents.rows.size || this.tools.calls.length) this.activity.hidden = false;
  }

  #setWorkflow(workflow) {
    if (this.workflow === workflow) return;
    this.workflow = workflow;
    this.workflowName.textContent = workflow;
    this.element.dataset.workflow = workflow;
    this.activity.hidden = false;
  }

  #setReply(text) {
    renderMarkdown(this.reply, text);
  }

  #showApproval() {
    const interrupts = [...this.interrupts.values()];
    if (!interrupts.length) return;
    const card = approvalCard(interrupts, (approved) => this.onAnswer(this, approved, interrupts));
    clear(this.approval).append(card);
  }
}

function errorText(data) {
  const message = typeof data?.message === "string" && data.message ? data.message : "";
  return message ? `Something went wrong: ${message}` : "Something went wrong; the turn stopped.";
}
