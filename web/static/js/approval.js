// The approval card of a paused turn: what will change, and Approve / Reject.

import { localizeDates } from "./dates.js";
import { h } from "./dom.js";
import { actionsOf } from "./protocol.js";

const LEAD = "The assistant wants to change your tasks.";
let ids = 0;

const leadFor = (n) =>
  n === 1 ? "This change needs your approval:" : `These ${n} changes need your approval:`;

// interrupts: [{id, value: {action_requests: [{name, args, description}], review_configs, summary}}]
export function approvalCard(interrupts, onAnswer) {
  const changes = interrupts.flatMap(actionsOf);
  const summary = interrupts
    .map((i) => i.value?.summary)
    .filter(Boolean)
    .join("; ");
  const id = `approval-${++ids}`;
  return h(
    "section",
    { class: "approval", role: "group", "aria-labelledby": id },
    h("h3", { id }, "Approval needed"),
    h(
      "p",
      { class: "summary" },
      changes.length ? leadFor(changes.length) : localizeDates(summary) || LEAD,
    ),
    changes.length
      ? h(
          "ul",
          { class: "changes", "aria-label": "Changes" },
          changes.map((c) =>
            h(
              "li",
              { dataset: { tool: c.name ?? "" } },
              localizeDates(c.description || `${c.name} ${JSON.stringify(c.args ?? {})}`),
            ),
          ),
        )
      : null,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "approve", onclick: () => onAnswer(true) }, "Approve"),
      h("button", { type: "button", class: "reject", onclick: () => onAnswer(false) }, "Reject"),
      h("span", { class: "decision", role: "status" }),
    ),
  );
}

// The person answered: the card keeps the answer and takes no more clicks.
export function markAnswered(card, approved) {
  settle(card, approved ? "approved" : "rejected", approved ? "Approved." : "Rejected.");
}

// The person sent a new message instead: the request is closed, nothing was changed.
export function markClosed(card) {
  settle(card, "closed", "Closed.");
}

function settle(card, answer, text) {
  for (const button of card.querySelectorAll("button")) button.disabled = true;
  card.dataset.answer = answer;
  card.querySelector(".decision").textContent = text;
}
