// The tool calls of a turn: shown as the model writes them, settled when the node that ran
// them reports the outcome (a worker's calls are labelled with the worker).

import { h } from "./dom.js";
import { describeArgs } from "./protocol.js";

const PENDING = new Set(["running", "waiting"]);
const STATE_TEXT = {
  ok: "done",
  failed: "failed",
  declined: "not approved",
  waiting: "needs approval",
};

export class ToolCalls {
  // ownerOf(scope): the label of the agent whose subgraph `scope` is, or null.
  constructor({ list, ownerOf }) {
    this.list = list;
    this.ownerOf = ownerOf;
    this.calls = [];
    this.streaming = new Map(); // by message id and tool-call index
  }

  // Tool-call chunks of a model message (names and arguments may arrive in pieces).
  chunks(ns, message) {
    for (const chunk of message.tool_call_chunks ?? []) {
      const key = `${message.id}:${chunk.index ?? 0}`;
      let call = this.streaming.get(key);
      if (!call) {
        call = this.#add(ns, chunk.name ?? "");
        call.raw = "";
        this.streaming.set(key, call);
      }
      if (chunk.name && !call.name) call.name = chunk.name;
      call.raw += chunk.args ?? "";
      call.nameEl.textContent = call.name;
      call.element.dataset.tool = call.name;
      call.argsEl.textContent = argsText(call.raw);
    }
  }

  // A finished call as the node that ran it recorded it: {name, args, ok, output}.
  record(ns, record) {
    const scope = ns.join("|");
    const call =
      this.calls.find((c) => PENDING.has(c.state) && c.scope === scope && c.name === record.name) ??
      this.#add(ns, record.name);
    call.argsEl.textContent = describeArgs(record.args);
    const state = record.ok ? "ok" : record.rejected ? "declined" : "failed";
    setState(call, state);
    if (state === "failed") call.resultEl.textContent = String(record.output ?? "").slice(0, 200);
  }

  // The stream ended: calls never reported wait for approval, or their outcome is unknown.
  finish(waiting) {
    for (const call of this.calls) {
      if (call.state === "running") setState(call, waiting ? "waiting" : "unknown");
    }
  }

  #add(ns, name) {
    const scope = ns.join("|");
    const owner = this.ownerOf(scope);
    const call = {
      name,
      scope,
      state: "running",
      nameEl: h("code", { class: "tool-name" }, name),
      argsEl: h("span", { class: "args" }),
      stateEl: h("span", { class: "state" }, "running"),
      resultEl: h("span", { class: "result" }),
    };
    call.element = h(
      "li",
      { class: "tool", dataset: { tool: name, state: "running" } },
      owner ? h("span", { class: "owner" }, `${owner} › `) : null,
      call.nameEl,
      " ",
      call.argsEl,
      call.stateEl,
      call.resultEl,
    );
    this.list.append(call.element);
    this.list.hidden = false;
    this.calls.push(call);
    return call;
  }
}

function setState(call, state) {
  call.state = state;
  call.element.dataset.state = state;
  call.stateEl.textContent = STATE_TEXT[state] ?? state;
}

function argsText(raw) {
  try {
    return describeArgs(JSON.parse(raw));
  } catch {
    return raw;
  }
}
