// The server's HTTP API: Agent Protocol threads and runs, the task list, sign-in helpers.
// Every call sends the bearer token; a 401 becomes AuthRequired so the page can ask the
// person to sign in again without losing anything they typed.

import { getToken } from "./session.js";

export class AuthRequired extends Error {
  constructor() {
    super("Your sign-in has expired or is not valid. Sign in again to continue.");
    this.name = "AuthRequired";
  }
}

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.name = "ApiError";
    this.status = status;
  }
}

const REASONS = {
  400: "The server could not understand the request",
  403: "You are not allowed to do that",
  404: "Not found; it may have been deleted",
  409: "This conversation is busy with another turn; wait for it or stop it",
  422: "The server did not accept the request",
  429: "Too many requests; wait a moment and try again",
  503: "The server is temporarily unavailable; try again shortly",
};

async function reasonOf(response) {
  let detail = "";
  try {
    const body = await response.json();
    if (typeof body?.detail === "string") detail = body.detail;
    else if (typeof body?.message === "string") detail = body.message;
  } catch {
    // not JSON: the status says enough
  }
  const reason = REASONS[response.status] ?? `The server answered ${response.status}`;
  const shown = detail && response.status < 500 && detail !== "Not Found";
  return shown ? `${reason} (${detail.replace(/[.\s]+$/, "")}).` : `${reason}.`;
}

async function request(path, { method = "GET", body, signal, auth = true, accept } = {}) {
  const headers = { Accept: accept ?? "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (auth) {
    const token = getToken();
    if (!token) throw new AuthRequired();
    headers.Authorization = `Bearer ${token}`;
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError("Cannot reach the server. Check the connection and try again.", 0);
  }
  if (response.status === 401) throw new AuthRequired();
  if (!response.ok) throw new ApiError(await reasonOf(response), response.status);
  return response;
}

const json = async (response) => (response.status === 204 ? null : response.json());
const part = encodeURIComponent;

export const webConfig = () => request("/web/config", { auth: false }).then(json);

export const devToken = (userId) =>
  request("/auth/dev-token", {
    method: "POST",
    body: userId ? { user_id: userId } : {},
    auth: false,
  }).then(json);

export const searchThreads = () =>
  request("/threads/search", {
    method: "POST",
    body: { limit: 100, offset: 0, sort_by: "updated_at", sort_order: "desc" },
  }).then(json);

export const createThread = (metadata) =>
  request("/threads", { method: "POST", body: { metadata } }).then(json);

export const renameThread = (threadId, title) =>
  request(`/threads/${part(threadId)}`, { method: "PATCH", body: { metadata: { title } } }).then(
    json,
  );

export const deleteThread = (threadId) =>
  request(`/threads/${part(threadId)}`, { method: "DELETE" });

export const threadState = (threadId) => request(`/threads/${part(threadId)}/state`).then(json);

// The run's event stream: the Response whose body the SSE parser reads.
export const streamRun = (threadId, body, signal) =>
  request(`/threads/${part(threadId)}/runs/stream`, {
    method: "POST",
    body,
    signal,
    accept: "text/event-stream",
  });

export const cancelRun = (threadId, runId) =>
  request(`/threads/${part(threadId)}/runs/${part(runId)}/cancel`, { method: "POST" });

export const listTasks = (userId) => request(`/api/${part(userId)}/tasks`).then(json);

// Done (a recurring task gets its next occurrence, its rule read in `timezone`), or open again.
export const completeTask = (userId, taskId, timezone) =>
  request(`/api/${part(userId)}/tasks/${part(taskId)}/complete?timezone=${part(timezone)}`, {
    method: "PATCH",
  }).then(json);

export const reopenTask = (userId, taskId) =>
  request(`/api/${part(userId)}/tasks/${part(taskId)}`, {
    method: "PUT",
    body: { completed: false },
  }).then(json);
