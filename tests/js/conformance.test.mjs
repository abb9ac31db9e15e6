// The Agent Protocol as @langchain/langgraph-sdk (the JS SDK that useStream and
// agent-chat-ui are built on) speaks it, against the real server.
//
// Run by tests/integration/server/test_js_sdk.py, which starts the server and passes:
//   SERVER_URL, TOKEN_A and TOKEN_B (sign-in tokens of two users), TASK_TITLE (a task the
//   test seeded for user A as task 1).
import assert from "node:assert/strict";
import { test } from "node:test";
import { Client } from "@langchain/langgraph-sdk";

const apiUrl = process.env.SERVER_URL;
const asA = new Client({ apiUrl, apiKey: process.env.TOKEN_A });
const asB = new Client({ apiUrl, apiKey: process.env.TOKEN_B });
const say = (content) => ({ messages: [{ role: "user", content }] });

async function collect(stream) {
  const parts = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

test("apiKey signs in; a wrong key is refused", async () => {
  const assistants = await asA.assistants.search({ limit: 10 });
  assert.ok(assistants.some((a) => a.graph_id === "orchestrator"));
  const stranger = new Client({ apiUrl, apiKey: "not-a-token" });
  await assert.rejects(stranger.threads.search({}), /401/);
});

test("a streamed turn: messages-tuple, values, updates and subgraphs", async () => {
  const thread = await asA.threads.create({ metadata: { suite: "js" } });
  const parts = await collect(
    asA.runs.stream(thread.thread_id, "orchestrator", {
      input: say("add buy oat milk tomorrow"),
      streamMode: ["messages-tuple", "values", "updates"],
      streamSubgraphs: true,
    }),
  );
  const events = new Set(parts.map((part) => part.event.split("|")[0]));
  for (const expected of ["metadata", "messages", "values", "updates"]) {
    assert.ok(events.has(expected), `${expected} in ${[...events]}`);
  }
  assert.ok(parts.some((part) => part.event.includes("|")), "subgraph events are namespaced");
  const tokens = parts.filter((part) => part.event.startsWith("messages"));
  assert.ok(tokens.every((part) => Array.isArray(part.data) && part.data.length === 2));
  const last = parts.filter((part) => part.event === "values").at(-1).data;
  const reply = last.messages.at(-1);
  assert.equal(reply.type, "ai");
  assert.match(JSON.stringify(reply.content).toLowerCase(), /oat milk/);

  const state = await asA.threads.getState(thread.thread_id);
  assert.deepEqual(state.values.messages.map((m) => m.id), last.messages.map((m) => m.id));
  const history = await asA.threads.getHistory(thread.thread_id, { limit: 5 });
  assert.ok(history.length >= 2);
  assert.ok(history.every((snapshot) => snapshot.checkpoint.checkpoint_id));
  const found = await asA.threads.search({ metadata: { suite: "js" } });
  assert.ok(found.some((t) => t.thread_id === thread.thread_id));
  assert.equal((await asB.threads.search({ metadata: { suite: "js" } })).length, 0);
  await assert.rejects(asB.threads.getState(thread.thread_id), /404/);
});

test("an approval in LangChain's HITL shape, answered with decisions", async () => {
  const thread = await asA.threads.create();
  await collect(
    asA.runs.stream(thread.thread_id, "orchestrator", { input: say("delete task 1") }),
  );
  const paused = await asA.threads.get(thread.thread_id);
  assert.equal(paused.status, "interrupted");
  const state = await asA.threads.getState(thread.thread_id);
  assert.equal(state.interrupts.length, 1);
  const request = state.interrupts[0].value;
  assert.equal(request.action_requests.length, 1);
  assert.equal(request.action_requests[0].name, "delete_task");
  assert.ok(request.review_configs[0].allowed_decisions.includes("reject"));
  assert.match(JSON.stringify(request), new RegExp(process.env.TASK_TITLE));
  // Where agent-chat-ui looks for the pending call: the last root message.
  const pending = state.values.messages.at(-1);
  assert.equal(pending.tool_calls[0].name, "delete_task");
  await assert.rejects(
    asA.runs.create(thread.thread_id, "orchestrator", { command: { resume: { decisions: [] } } }),
    /422/,
  );
  const run = await asA.runs.create(thread.thread_id, "orchestrator", {
    command: { resume: { decisions: [{ type: "reject", message: "keep it" }] } },
  });
  await asA.runs.join(thread.thread_id, run.run_id);
  const after = await asA.threads.get(thread.thread_id);
  assert.equal(after.status, "idle");
  assert.equal((await asA.threads.getState(thread.thread_id)).interrupts.length, 0);
});

test("runs: wait, list, join and cancel look as the SDK expects", async () => {
  const thread = await asA.threads.create();
  const output = await asA.runs.wait(thread.thread_id, "orchestrator", {
    input: say("what are my tasks?"),
  });
  assert.ok(Array.isArray(output.messages));
  const runs = await asA.runs.list(thread.thread_id);
  assert.equal(runs.length, 1);
  assert.equal(runs[0].status, "success");
  const again = await asA.runs.get(thread.thread_id, runs[0].run_id);
  assert.equal(again.run_id, runs[0].run_id);
  await assert.rejects(asB.runs.get(thread.thread_id, runs[0].run_id), /404/);
});
