// The rest of the Agent Protocol that useStream, agent-chat-ui and the JS SDK call, against
// the real server: edit and regenerate from a checkpoint, updateState, copies and counts,
// stateless and batch runs, the events stream mode, thread join, user assistants and the
// store, each with another user kept out.
//
// Run by tests/integration/server/test_js_sdk.py with SERVER_URL, TOKEN_A and TOKEN_B.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { test } from "node:test";
import { Client } from "@langchain/langgraph-sdk";

const apiUrl = process.env.SERVER_URL;
const asA = new Client({ apiUrl, apiKey: process.env.TOKEN_A });
const asB = new Client({ apiUrl, apiKey: process.env.TOKEN_B });
const say = (content) => ({ messages: [{ role: "user", content }] });
const text = (message) => JSON.stringify(message.content).toLowerCase();

async function collect(stream) {
  const parts = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

test("edit and regenerate start runs from a checkpoint, as useStream does", async () => {
  const thread = await asA.threads.create();
  await asA.runs.wait(thread.thread_id, "orchestrator", { input: say("add water the ferns") });
  const history = await asA.threads.getHistory(thread.thread_id, { limit: 50 });
  // The checkpoint before the person's message: useStream's edit submits from there.
  const before = history.find((snapshot) => (snapshot.values.messages ?? []).length === 0);
  assert.ok(before, "the history reaches back before the first message");
  const edited = await collect(
    asA.runs.stream(thread.thread_id, "orchestrator", {
      input: say("add repot the cactus"),
      checkpoint: before.checkpoint,
      streamMode: ["values"],
    }),
  );
  const branch = edited.filter((part) => part.event === "values").at(-1).data.messages;
  assert.match(text(branch[0]), /repot the cactus/);
  assert.ok(branch.every((message) => !text(message).includes("ferns")));

  // Regenerate: run again from the checkpoint that holds the edited message, with no input.
  const latest = await asA.threads.getHistory(thread.thread_id, { limit: 50 });
  const asked = latest.find(
    (snapshot) =>
      (snapshot.values.messages ?? []).length === 1 && text(snapshot.values.messages[0]).includes("cactus"),
  );
  assert.ok(asked, "the edited branch has a checkpoint holding only the question");
  const again = await asA.runs.wait(thread.thread_id, "orchestrator", {
    input: null,
    checkpoint: asked.checkpoint,
  });
  assert.equal(again.messages.filter((message) => message.type === "human").length, 1);
  assert.equal(again.messages.at(-1).type, "ai");

  const unknown = { ...before.checkpoint, checkpoint_id: randomUUID() };
  await assert.rejects(
    asA.runs.wait(thread.thread_id, "orchestrator", { input: say("x"), checkpoint: unknown }),
    /404/,
  );
  await assert.rejects(
    asB.runs.wait(thread.thread_id, "orchestrator", { input: say("x"), checkpoint: before.checkpoint }),
    /404/,
  );
});

test("updateState writes as a node; copy and count", async () => {
  const thread = await asA.threads.create({ metadata: { suite: "js-protocol" } });
  await asA.runs.wait(thread.thread_id, "orchestrator", { input: say("what are my tasks?") });
  const written = await asA.threads.updateState(thread.thread_id, {
    values: { messages: [{ role: "assistant", content: "edited by hand" }] },
    asNode: "direct",
  });
  const state = await asA.threads.getState(thread.thread_id);
  // langgraph-api answers {checkpoint} here, whatever the SDK's type says.
  assert.equal(state.checkpoint.checkpoint_id, written.checkpoint.checkpoint_id);
  assert.match(text(state.values.messages.at(-1)), /edited by hand/);
  await assert.rejects(
    asA.threads.updateState(thread.thread_id, { values: { messages: [] }, asNode: "no-such-node" }),
    /4\d\d/,
  );
  await assert.rejects(asB.threads.updateState(thread.thread_id, { values: {}, asNode: "direct" }), /404/);

  const copy = await asA.threads.copy(thread.thread_id);
  assert.notEqual(copy.thread_id, thread.thread_id);
  const copied = await asA.threads.getState(copy.thread_id);
  assert.deepEqual(copied.values.messages, state.values.messages);
  await assert.rejects(asB.threads.copy(thread.thread_id), /404/);

  assert.equal(await asA.threads.count({ metadata: { suite: "js-protocol" } }), 2);
  assert.equal(await asB.threads.count({ metadata: { suite: "js-protocol" } }), 0);
});

test("stateless and batch runs; the events stream mode; thread join", async () => {
  const output = await asA.runs.wait(null, "orchestrator", { input: say("add call the vet") });
  assert.match(text(output.messages.at(-1)), /vet/);

  const thread = await asA.threads.create();
  const batch = await asA.runs.createBatch([
    { assistantId: "orchestrator", input: say("what is due today?") },
    { assistantId: "orchestrator", input: say("list my tasks") },
  ]);
  assert.equal(batch.length, 2);
  assert.ok(batch.every((run) => run.run_id && run.thread_id));

  const events = await collect(
    asA.runs.stream(thread.thread_id, "orchestrator", {
      input: say("what are my tasks?"),
      streamMode: ["events"],
    }),
  );
  const kinds = new Set(events.filter((part) => part.event === "events").map((part) => part.data.event));
  assert.ok(kinds.has("on_chain_start") && kinds.has("on_chain_end"), [...kinds].join(","));

  // Join the thread while a run is on it: its events arrive, closed by run_done (the thread
  // stream itself goes on for later runs, so the client leaves).
  const run = await asA.runs.create(thread.thread_id, "orchestrator", { input: say("list my tasks") });
  const leave = new AbortController();
  const joined = [];
  for await (const part of asA.threads.joinStream(thread.thread_id, { signal: leave.signal })) {
    joined.push(part);
    if (part.event === "metadata" && part.data.status === "run_done") break;
  }
  leave.abort();
  assert.equal(joined.at(-1).data.run_id, run.run_id);
  assert.ok(joined.some((part) => part.event === "values"));
  assert.equal((await asA.runs.get(thread.thread_id, run.run_id)).status, "success");
  await assert.rejects(collect(asB.threads.joinStream(thread.thread_id)), /404/);
});

test("a user's own assistants: create, update, versions, count, subgraphs", async () => {
  const name = `planner-${randomUUID()}`;
  const created = await asA.assistants.create({
    graphId: "orchestrator",
    name,
    metadata: { team: "js" },
    config: { recursion_limit: 40 },
  });
  assert.equal(created.graph_id, "orchestrator");
  const updated = await asA.assistants.update(created.assistant_id, { metadata: { level: 2 } });
  assert.equal(updated.version, 2);
  assert.deepEqual(updated.metadata, { team: "js", level: 2 });
  const versions = await asA.assistants.getVersions(created.assistant_id);
  assert.deepEqual(versions.map((v) => v.version).sort(), [1, 2]);
  assert.equal(await asA.assistants.count({ metadata: { team: "js" } }), 1);
  assert.equal(await asB.assistants.count({ metadata: { team: "js" } }), 0);
  await assert.rejects(asB.assistants.get(created.assistant_id), /404/);
  const subgraphs = await asA.assistants.getSubgraphs("orchestrator");
  assert.ok(Object.keys(subgraphs).length > 0);

  const thread = await asA.threads.create();
  const output = await asA.runs.wait(thread.thread_id, created.assistant_id, {
    input: say("what are my tasks?"),
  });
  assert.equal(output.messages.at(-1).type, "ai");
  await asA.assistants.delete(created.assistant_id);
  await assert.rejects(asA.assistants.get(created.assistant_id), /404/);
  await assert.rejects(asA.assistants.delete("orchestrator"), /409/);
});

test("the store is each user's own, whatever the namespace", async () => {
  const namespace = ["notes", randomUUID()];
  await asA.store.putItem(namespace, "groceries", { text: "oat milk" });
  const item = await asA.store.getItem(namespace, "groceries");
  assert.deepEqual(item.value, { text: "oat milk" });
  assert.deepEqual(item.namespace, namespace);
  const found = await asA.store.searchItems(["notes"]);
  assert.ok(found.items.some((entry) => entry.key === "groceries"));
  const listed = await asA.store.listNamespaces({ prefix: ["notes"] });
  assert.ok(listed.namespaces.some((ns) => ns.join("/") === namespace.join("/")));

  assert.equal(await asB.store.getItem(namespace, "groceries"), null);
  assert.equal((await asB.store.searchItems([])).items.length, 0);
  assert.equal((await asB.store.listNamespaces({})).namespaces.length, 0);
  await asB.store.deleteItem(namespace, "groceries");
  assert.deepEqual((await asA.store.getItem(namespace, "groceries")).value, { text: "oat milk" });

  await asA.store.deleteItem(namespace, "groceries");
  assert.equal(await asA.store.getItem(namespace, "groceries"), null);
});
