// The Vercel AI SDK (the `ai` package from npm) against POST /ai-sdk/chat on the real server:
// a Chat (AbstractChat with a plain state, as @ai-sdk/react builds useChat on it) over
// DefaultChatTransport, approvals through addToolApprovalResponse and
// sendAutomaticallyWhen, and the UI message stream read by the package itself.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { test } from "node:test";

import {
  AbstractChat,
  DefaultChatTransport,
  lastAssistantMessageIsCompleteWithApprovalResponses,
  parseJsonEventStream,
  readUIMessageStream,
  uiMessageChunkSchema,
} from "ai";

const { SERVER_URL, TOKEN_A, TOKEN_B } = process.env;
const API = `${SERVER_URL}/ai-sdk/chat`;

class PlainState {
  status = "ready";
  error = undefined;
  messages = [];
  pushMessage = (message) => {
    this.messages = [...this.messages, message];
  };
  popMessage = () => {
    this.messages = this.messages.slice(0, -1);
  };
  replaceMessage = (index, message) => {
    this.messages = this.messages.map((old, i) => (i === index ? message : old));
  };
  snapshot = (thing) => structuredClone(thing);
}

class Chat extends AbstractChat {}

function transport(token) {
  return new DefaultChatTransport({ api: API, headers: { Authorization: `Bearer ${token}` } });
}

// A chat whose finished() resolves when the next response has been read to its end.
function chat(token, id = randomUUID()) {
  const waiting = [];
  const instance = new Chat({
    id,
    state: new PlainState(),
    transport: transport(token),
    sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithApprovalResponses,
    onFinish: (result) => waiting.shift()?.(result),
    onError: () => {},
  });
  instance.finished = () => new Promise((resolve) => waiting.push(resolve));
  return instance;
}

const lastMessage = (c) => c.messages.at(-1);
const textOf = (message) =>
  message.parts
    .filter((p) => p.type === "text")
    .map((p) => p.text)
    .join("");
const tools = (message, name) =>
  message.parts.filter((p) => p.type === "dynamic-tool" && (!name || p.toolName === name));

async function threadState(token, threadId) {
  return fetch(`${SERVER_URL}/threads/${threadId}/state`, {
    headers: { Authorization: `Bearer ${token}` },
  });
}

const alice = chat(TOKEN_A);

test("a message streams the agents at work, the tool calls and the reply", async () => {
  await alice.sendMessage({ text: "Add a task to buy milk" });
  assert.equal(alice.status, "ready", String(alice.error));
  const reply = lastMessage(alice);
  assert.equal(reply.role, "assistant");
  assert.equal(reply.metadata.threadId, alice.id, "the chat id is the thread id");
  const steps = reply.parts.filter((p) => p.type === "reasoning").map((p) => p.text);
  assert.ok(steps.some((s) => s.includes("sequential")), JSON.stringify(steps));
  assert.ok(reply.parts.some((p) => p.type === "step-start"));
  const [add] = tools(reply, "add_task");
  assert.equal(add.state, "output-available");
  assert.deepEqual(add.input, { title: "Buy milk" });
  assert.equal(JSON.parse(add.output).title, "Buy milk");
  assert.equal(textOf(reply), "Added task 1: Buy milk.");
});

test("a follow-up continues the same conversation, also on the Agent Protocol", async () => {
  await alice.sendMessage({ text: "show my tasks" });
  assert.equal(alice.status, "ready", String(alice.error));
  const reply = lastMessage(alice);
  assert.equal(reply.metadata.threadId, alice.id);
  assert.equal(tools(reply, "list_tasks").length, 1);
  assert.match(textOf(reply), /Buy milk/);

  const state = await (await threadState(TOKEN_A, alice.id)).json();
  const said = state.values.messages.filter((m) => m.type === "human").map((m) => m.content);
  assert.deepEqual(said, ["Add a task to buy milk", "show my tasks"]);
});

test("an approval is asked as a tool part and answered with addToolApprovalResponse", async () => {
  await alice.sendMessage({ text: "delete task 1" });
  const asking = lastMessage(alice);
  const [request] = tools(asking, "delete_task");
  assert.equal(request.state, "approval-requested", JSON.stringify(asking.parts));
  assert.deepEqual(request.input, { task_id: 1 });
  assert.match(request.approval.requestReason, /Buy milk/);

  const finished = alice.finished();
  await alice.addToolApprovalResponse({ id: request.approval.id, approved: true });
  await finished; // sent by itself: sendAutomaticallyWhen saw every approval answered
  assert.equal(alice.status, "ready", String(alice.error));
  const answered = lastMessage(alice);
  assert.equal(answered.id, asking.id, "the answer continues the same assistant message");
  const approval = answered.parts.find((p) => p.toolCallId === request.toolCallId);
  assert.equal(approval.state, "output-available");
  const deleted = tools(answered, "delete_task").find((p) => p.toolCallId !== request.toolCallId);
  assert.equal(JSON.parse(deleted.output).status, "deleted");
  assert.match(textOf(answered), /Deleted task 1/);
});

let rejected; // the approval part as the person answered it

test("a rejected approval changes nothing and is shown denied", async () => {
  await alice.sendMessage({ text: "Add a task to call mom" });
  const added = JSON.parse(tools(lastMessage(alice), "add_task")[0].output);
  await alice.sendMessage({ text: `delete task ${added.task_id}` });
  const [request] = tools(lastMessage(alice), "delete_task");
  assert.equal(request.state, "approval-requested");

  const finished = alice.finished();
  await alice.addToolApprovalResponse({
    id: request.approval.id,
    approved: false,
    reason: "keep it",
  });
  await finished;
  const answered = lastMessage(alice);
  const approval = answered.parts.find((p) => p.toolCallId === request.toolCallId);
  assert.equal(approval.state, "output-denied");
  assert.ok(textOf(answered).length > 0);
  rejected = { ...request, state: "approval-responded", approval: { ...request.approval, approved: true } };
});

test("an approval answered already is refused", async () => {
  const response = await fetch(API, {
    method: "POST",
    headers: { Authorization: `Bearer ${TOKEN_A}`, "content-type": "application/json" },
    body: JSON.stringify({
      id: alice.id,
      messages: [{ id: "again", role: "assistant", parts: [rejected] }],
      trigger: "submit-message",
    }),
  });
  assert.equal(response.status, 409);
  assert.match((await response.json()).detail, /answered already/);
});

test("the UI message stream reads with readUIMessageStream and its header", async () => {
  const id = randomUUID();
  const response = await fetch(API, {
    method: "POST",
    headers: { Authorization: `Bearer ${TOKEN_A}`, "content-type": "application/json" },
    body: JSON.stringify({
      id,
      messages: [{ id: "m1", role: "user", parts: [{ type: "text", text: "hello" }] }],
      trigger: "submit-message",
    }),
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("x-vercel-ai-ui-message-stream"), "v1");
  const stream = parseJsonEventStream({ stream: response.body, schema: uiMessageChunkSchema })
    .pipeThrough(
      new TransformStream({
        transform(part, controller) {
          if (!part.success) throw part.error;
          controller.enqueue(part.value);
        },
      }),
    );
  let message;
  for await (const snapshot of readUIMessageStream({ stream })) message = snapshot;
  assert.equal(message.role, "assistant");
  assert.equal(message.metadata.threadId, id);
  assert.ok(textOf(message).length > 0);
});

test("another person sees none of it", async () => {
  const bob = chat(TOKEN_B, alice.id);
  await bob.sendMessage({ text: "show my tasks" });
  assert.equal(bob.status, "error");
  assert.match(String(bob.error), /not found/);
  assert.equal((await threadState(TOKEN_B, alice.id)).status, 404);

  const bobsOwn = chat(TOKEN_B);
  await bobsOwn.sendMessage({ text: "show my tasks" });
  assert.equal(bobsOwn.status, "ready", String(bobsOwn.error));
  assert.equal(tools(lastMessage(bobsOwn), "list_tasks").length, 1);
  assert.doesNotMatch(textOf(lastMessage(bobsOwn)), /milk|mom/i);
});

test("no sign-in, no chat", async () => {
  const response = await fetch(API, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id: randomUUID(), messages: [], trigger: "submit-message" }),
  });
  assert.equal(response.status, 401);
});
