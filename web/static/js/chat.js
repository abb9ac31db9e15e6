// The conversation on screen: sending a message, streaming the run, approvals, stopping.

import { AuthRequired, cancelRun, createThread, streamRun, threadState } from "./api.js";
import { userTimeZone } from "./dates.js";
import { clear, h } from "./dom.js";
import { fallbackBadge } from "./fallback.js";
import { renderMarkdown } from "./markdown.js";
import { pendingInterrupts, resumeFor, titleFrom, transcriptOf } from "./protocol.js";
import { saveDraft } from "./session.js";
import { readEvents } from "./sse.js";
import { TurnView } from "./turn.js";

const STREAM_MODE = ["messages-tuple", "updates", "values", "tasks"];

export class Chat {
  // hooks: onAuthRequired(), onError(error), onBusy(running), onThreadCreated(thread), onTurnEnd()
  constructor({ log, draft, hooks }) {
    this.log = log;
    this.draft = draft;
    this.hooks = hooks;
    this.threadId = null;
    this.controller = null;
    this.current = null;
    this.stopping = false;
    this.turns = []; // the assistant turns on screen, for closing unanswered approvals
  }

  get running() {
    return this.controller !== null;
  }

  startNew() {
    this.threadId = null;
    this.turns = [];
    clear(this.log).append(intro());
  }

  async open(threadId) {
    const state = await threadState(threadId);
    this.threadId = threadId;
    this.turns = [];
    clear(this.log);
    for (const line of transcriptOf(state?.values?.messages)) {
      this.#bubble(line.role, line.text).append(...[fallbackBadge(line.fallback)].filter(Boolean));
    }
    const pending = pendingInterrupts(state);
    if (pending.length) this.#turn().restorePending(pending, state?.values?.workflow);
    if (!this.log.childElementCount) this.log.append(intro());
    this.#scroll();
  }

  async send() {
    const text = this.draft.value.trim();
    if (!text || this.running) return;
    this.draft.value = "";
    saveDraft("");
    this.log.querySelector(".intro")?.remove();
    // A new message leaves any approval still asked unanswered: close it, so no old card
    // can answer a request the conversation has moved past.
    for (const turn of this.turns) turn.close();
    const bubble = this.#bubble("user", text);
    const turn = this.#turn();
    try {
      if (!this.threadId) {
        const thread = await createThread({ title: titleFrom(text) });
        this.threadId = thread.thread_id;
        this.hooks.onThreadCreated(thread);
      }
      await this.#run(turn, { input: { messages: [{ role: "user", content: text }] } });
    } catch (error) {
      // Nothing was sent: give the message back to the person, untouched.
      bubble.remove();
      turn.element.remove();
      this.draft.value = this.draft.value ? `${text}\n${this.draft.value}` : text;
      saveDraft(this.draft.value);
      this.#failed(error);
    }
  }

  async answer(turn, approved, interrupts) {
    if (this.running) return;
    turn.answered(approved);
    try {
      await this.#run(turn, { command: { resume: resumeFor(interrupts, approved) } });
    } catch (error) {
      turn.unanswered(interrupts);
      this.#failed(error);
    }
  }

  async stop() {
    const controller = this.controller;
    const turn = this.current;
    if (!controller) return;
    this.stopping = true;
    if (turn?.runId && this.threadId) {
      try {
        await cancelRun(this.threadId, turn.runId);
      } catch {
        // the run may have ended meanwhile; dropping the stream below stops it anyway
      }
    }
    controller.abort();
  }

  // Streams one run into `turn`. Throws only when the run never started (then nothing changed).
  async #run(turn, payload) {
    const controller = new AbortController();
    this.controller = controller;
    this.current = turn;
    this.stopping = false;
    this.hooks.onBusy(true);
    turn.start();
    let outcome = "done";
    let started = false;
    try {
      const body = {
        assistant_id: "orchestrator",
        ...payload,
        stream_mode: STREAM_MODE,
        stream_subgraphs: true,
        context: { timezone: userTimeZone() },
      };
      const response = await streamRun(this.threadId, body, controller.signal);
      started = true;
      for await (const event of readEvents(response)) {
        const follow = this.#atBottom();
        turn.apply(event);
        if (follow) this.#scroll();
      }
      outcome = turn.failed ? "failed" : turn.interrupts.size ? "waiting" : "done";
    } catch (error) {
      if (!started && error.name !== "AbortError") {
        turn.finish("failed");
        throw error;
      }
      if (error.name !== "AbortError") {
        turn.fail("The connection to the server was lost before the turn finished.");
      }
      outcome = error.name === "AbortError" ? "stopped" : "failed";
    } finally {
      this.controller = null;
      this.current = null;
      this.hooks.onBusy(false);
    }
    if (this.stopping) outcome = "stopped";
    turn.finish(outcome);
    this.#scroll();
    this.hooks.onTurnEnd();
  }

  #failed(error) {
    if (error instanceof AuthRequired) this.hooks.onAuthRequired();
    else this.hooks.onError(error);
  }

  #bubble(role, text) {
    let element;
    if (role === "user") {
      element = h("article", { class: "message user", "aria-label": "You" }, h("p", {}, text));
    } else {
      const reply = h("div", { class: "reply markdown", dataset: { testid: "reply" } });
      renderMarkdown(reply, text);
      element = h("article", { class: "message assistant", "aria-label": "Assistant" }, reply);
    }
    this.log.append(element);
    return element;
  }

  #turn() {
    const turn = new TurnView({ onAnswer: (view, approved, list) => this.answer(view, approved, list) });
    this.log.append(turn.element);
    this.turns.push(turn);
    return turn;
  }

  #atBottom() {
    const log = this.log;
    return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }

  #scroll() {
    this.log.scrollTop = this.log.scrollHeight;
  }
}

function intro() {
  return h(
    "div",
    { class: "intro" },
    h("h2", {}, "What needs doing?"),
    h(
      "p",
      {},
      "Ask me to add, change, complete or delete tasks, do several things at once, or plan a goal step by step.",
    ),
  );
}
