// The agents of a turn as rows: who started, who is working, who is done, nested the way
// the graph nests them (a worker under the parallel workflow, create_goal under operations).
// Rows follow the stream's "tasks" events: one per graph node run, keyed by namespace and
// task id, which is also how events from inside a subgraph name it ("worker:<task id>").

import { h } from "./dom.js";
import { AGENT_LABELS, AGENT_LEVELS, QUIET_NODES, SUBGRAPHS, WORKFLOWS, nodeOf } from "./protocol.js";

// Agents that run as several parallel instances, told apart by number.
const NUMBERED = new Set(["worker", "tactician"]);

export class AgentList {
  // onWorkflow(name): a workflow subgraph started at the top level.
  constructor({ list, onWorkflow }) {
    this.list = list;
    this.onWorkflow = onWorkflow;
    this.rows = new Map(); // row key (namespace path and task) → row
    this.byTask = new Map(); // task key → the row showing it
  }

  // A "tasks" event: an agent (graph node) started, or finished with its outcome.
  task(ns, data) {
    const name = data?.name;
    if (!data?.id || !name || QUIET_NODES.has(name)) return;
    const starting = "input" in data || "triggers" in data;
    if (WORKFLOWS.has(name)) {
      if (starting && !ns.length) this.onWorkflow(name);
      if (name !== "direct") return; // a workflow is the turn's title, not an agent
    }
    if (ns.length && nodeOf(ns.at(-1)) === "worker") return; // the worker's row speaks for it
    const scope = ns.join("|");
    const key = scope ? `${scope}|${name}:${data.id}` : `${name}:${data.id}`;
    let row = this.byTask.get(key);
    if (starting) {
      if (!row && !SUBGRAPHS.has(name) && !NUMBERED.has(name)) {
        // The same agent again in the same place (specialist → tools → specialist): one row.
        row = this.#latest(scope, name);
      }
      row ??= this.#add(key, name, scope);
      this.byTask.set(key, row);
      setState(row, "working");
      describe(row, inputDetail(name, data.input));
    } else if (row) {
      // A worker whose changes were not approved did not fail: the person said no.
      const failed =
        data.error || data.result?.results?.some?.((r) => r?.ok === false && !r?.declined);
      setState(row, failed ? "failed" : data.interrupts?.length ? "waiting" : "done");
      describe(row, updateDetail(name, data.result));
    }
  }

  // An "updates" event from `node` in `ns`: what it decided, where that is worth a word.
  update(ns, node, update) {
    const row = this.#latest(ns.join("|"), node);
    if (row) describe(row, updateDetail(node, update));
  }

  // The turn's stream ended: nobody is working any more.
  finish(state) {
    for (const row of this.rows.values()) if (row.state === "working") setState(row, state);
  }

  // The label of the agent whose subgraph is `scope` ("Worker 2"), if it has a row.
  labelOf(scope) {
    return this.rows.get(scope)?.label ?? null;
  }

  #latest(scope, name) {
    return [...this.rows.values()].findLast((r) => r.scope === scope && r.name === name);
  }

  #add(key, name, scope) {
    const parent = this.#parentOf(scope);
    const siblings = [...this.rows.values()].filter((r) => r.parent === parent && r.name === name);
    const number = NUMBERED.has(name) ? ` ${siblings.length + 1}` : "";
    const row = {
      name,
      parent,
      key,
      scope,
      depth: parent ? parent.depth + 1 : 0,
      label: `${AGENT_LABELS[name] ?? name}${number}`,
      state: "working",
      detail: h("span", { class: "detail" }),
      badge: h("span", { class: "state" }, "working"),
    };
    row.element = h(
      "li",
      { class: "agent", dataset: { agent: name, state: "working", depth: Math.min(row.depth, 3) } },
      h("span", { class: "dot", "aria-hidden": "true" }),
      h("span", { class: "name" }, row.label),
      AGENT_LEVELS[name] ? h("span", { class: "level" }, AGENT_LEVELS[name]) : null,
      row.detail,
      row.badge,
    );
    // Keep a subgraph's agents together, right after their parent's last row.
    const family = parent ? [...this.rows.values()].filter((r) => r.key.startsWith(`${parent.key}|`)) : [];
    const after = family.at(-1)?.element ?? parent?.element;
    if (after) after.after(row.element);
    else this.list.append(row.element);
    this.rows.set(key, row);
    return row;
  }

  // The row of the innermost subgraph around `scope` that has one (workflows have none).
  #parentOf(scope) {
    const parts = scope ? scope.split("|") : [];
    for (let n = parts.length; n > 0; n--) {
      const row = this.rows.get(parts.slice(0, n).join("|"));
      if (row) return row;
    }
    return null;
  }
}

function setState(row, state) {
  row.state = state;
  row.element.dataset.state = state;
  row.badge.textContent = state;
}

function describe(row, detail) {
  if (detail) row.detail.textContent = detail;
}

function inputDetail(node, input) {
  if (node === "worker") return input?.subtask?.request ?? "";
  if (node === "tactician") return input?.area?.title ?? "";
  return "";
}

function updateDetail(node, update) {
  if (!update || typeof update !== "object") return "";
  if (node === "router" && update.workflow) return `chose ${update.workflow}`;
  if (node === "decomposer" && Array.isArray(update.subtasks)) {
    const n = update.subtasks.length;
    return `${n} subtask${n === 1 ? "" : "s"}`;
  }
  if (node === "strategist" && update.plan?.goal) return update.plan.goal;
  return "";
}
