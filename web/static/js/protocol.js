// Reading the Agent Protocol stream of the orchestrator graph: pure helpers, no DOM.
//
// Event names are "<mode>" or "<mode>|<ns>|<ns>…" where each namespace part is
// "<node>:<task id>" (e.g. "updates|parallel:…|worker:…"). "messages" carries
// [message chunk, metadata with langgraph_node]; "updates" carries {node: update};
// "values" the whole state, with "__interrupt__" while a turn waits for approval.

import { localizeDates } from "./dates.js";

export const WORKFLOWS = new Set(["direct", "sequential", "parallel", "hierarchical"]);
// Nodes whose text is the assistant's reply to the person.
export const REPLY_NODES = new Set(["direct", "specialist", "aggregator", "integrator"]);
// Nodes whose model output may call task tools (their tool-call chunks are shown live).
export const TOOL_CALLERS = new Set(["specialist", "agent"]);
// Subgraph nodes: their updates repeat what their inner nodes already reported.
export const SUBGRAPHS = new Set([...WORKFLOWS, "worker", "operational"]);
// Bookkeeping nodes that are not agents anyone needs to see.
export const QUIET_NODES = new Set(["begin", "scheduler", "report", "__start__", "__end__"]);

export const AGENT_LABELS = {
  router: "Router",
  direct: "Responder",
  specialist: "Specialist",
  tools: "Tools",
  validator: "Validator",
  decomposer: "Decomposer",
  worker: "Worker",
  aggregator: "Aggregator",
  strategist: "Strategist",
  tactician: "Tactician",
  operational: "Operations",
  create_goal: "Create goal",
  create_areas: "Create areas and steps",
  integrator: "Integrator",
};

// The three levels of the hierarchical workflow.
export const AGENT_LEVELS = {
  strategist: "strategic level",
  tactician: "tactical level",
  operational: "operational level",
};

export function splitEvent(name) {
  const [mode, ...ns] = String(name).split("|");
  return { mode, ns: ns.filter(Boolean) };
}

export const nodeOf = (segment) => segment.split(":")[0];

export function textOf(message) {
  const content = message?.content;
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((block) => (typeof block === "string" ? block : block?.type === "text" ? block.text : ""))
    .join("");
}

const isAi = (message) => message?.type === "ai" || message?.type === "AIMessageChunk";
const isHuman = (message) => message?.type === "human" || message?.type === "HumanMessageChunk";

// The interrupts of a "values" state or an "updates" chunk: [{id, value}].
export function interruptsOf(payload) {
  const raw = payload?.__interrupt__;
  if (!Array.isArray(raw)) return [];
  return raw.filter((i) => i && typeof i === "object" && "value" in i);
}

// The interrupts a thread state waits on (GET /threads/{id}/state), however the server nests them.
export function pendingInterrupts(state) {
  const found = [...(Array.isArray(state?.interrupts) ? state.interrupts : [])];
  for (const task of state?.tasks ?? []) found.push(...(task?.interrupts ?? []));
  const seen = new Set();
  return found.filter((i) => {
    const key = i?.id ?? JSON.stringify(i?.value);
    if (!i || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// The actions an interrupt asks about: LangChain's human-in-the-loop action_requests
// ({name, args, description}), or, from an older request, its changes.
export function actionsOf(interrupt) {
  const value = interrupt?.value ?? {};
  if (Array.isArray(value.action_requests)) return value.action_requests;
  const changes = value.changes ?? [];
  return changes.map((c) => ({ name: c.tool, args: c.args ?? {}, description: c.description }));
}

// The answer to one interrupt: a decision per action, all alike. A request without
// actions (not a human-in-the-loop one) takes the older {approved}.
function answerFor(interrupt, approved) {
  const actions = actionsOf(interrupt);
  if (!actions.length) return { approved };
  return { decisions: actions.map(() => ({ type: approved ? "approve" : "reject" })) };
}

// The resume value for the pending interrupts: one answer, or one per interrupt id.
export function resumeFor(interrupts, approved) {
  const ids = interrupts.map((i) => i.id).filter(Boolean);
  if (ids.length <= 1) return answerFor(interrupts[0], approved);
  const answers = interrupts.filter((i) => i.id).map((i) => [i.id, answerFor(i, approved)]);
  return Object.fromEntries(answers);
}

// Who said what, for showing a stored conversation: the person's messages and the
// assistant's replies (tool traffic and the validator's notes stay out).
export function transcriptOf(messages) {
  const lines = [];
  for (const message of messages ?? []) {
    const text = textOf(message).trim();
    if (!text) continue;
    if (isHuman(message) && message.name !== "validator") lines.push({ role: "user", text });
    else if (isAi(message) && !(message.tool_calls ?? []).length) {
      lines.push({ role: "assistant", text, fallback: message.response_metadata?.fallback });
    }
  }
  return lines;
}

// The reply of the turn in progress: the last AI text after the person's last message.
export function replyOf(messages) {
  let reply = "";
  for (const message of messages ?? []) {
    if (isHuman(message) && message.name !== "validator") reply = "";
    else if (isAi(message) && !(message.tool_calls ?? []).length && textOf(message).trim()) {
      reply = textOf(message);
    }
  }
  return reply;
}

// A tool call's arguments in a line, timestamps in the person's time zone.
export function describeArgs(args) {
  if (!args || typeof args !== "object") return "";
  return Object.entries(args)
    .map(([key, value]) => `${key}: ${localizeDates(JSON.stringify(value))}`)
    .join(", ");
}

// A thread's title, from the first thing the person said in it.
export function titleFrom(text) {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 60 ? `${line.slice(0, 57)}…` : line || "New conversation";
}
