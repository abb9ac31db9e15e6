// The chat page: sign-in, then conversations, the chat and the task list side by side.

import { AuthRequired, devToken, webConfig } from "./api.js";
import { Chat } from "./chat.js";
import { $ } from "./dom.js";
import {
  clearToken,
  getDraft,
  getToken,
  isTaskToken,
  saveDraft,
  setToken,
  userOf,
} from "./session.js";
import { TaskPanel } from "./tasks.js";
import { ThreadList } from "./threads.js";

const EXPIRED = "Your sign-in has expired or is not valid. Sign in again; your message is kept.";
const NOT_A_TOKEN = "That is not a sign-in token: a JWT is three parts separated by dots.";
const TASK_TOKEN =
  "That is a task-server token (orchestrator token --for mcp), which the page cannot use. " +
  "Sign in with a sign-in token: on a development server, orchestrator token --for chat " +
  "--user NAME, or the demo button.";
const wide = window.matchMedia("(min-width: 900px)");

const el = {
  signin: $("#signin"),
  signinForm: $("#signin-form"),
  signinNotice: $("#signin-notice"),
  signinError: $("#signin-error"),
  tokenInput: $("#token-input"),
  demo: $("#demo-signin"),
  demoButton: $("#demo-button"),
  app: $("#app"),
  who: $("#who"),
  signout: $("#signout"),
  threadsToggle: $("#threads-toggle"),
  tasksToggle: $("#tasks-toggle"),
  notice: $("#notice"),
  noticeText: $("#notice-text"),
  log: $("#log"),
  composer: $("#composer"),
  draft: $("#draft"),
  send: $("#send"),
  stop: $("#stop"),
};

let user = null;
let config = null; // GET /web/config, once it arrived

const threads = new ThreadList({
  list: $("#thread-list"),
  newButton: $("#new-thread"),
  hooks: {
    onOpen: (id) => openThread(id),
    onNew: () => {
      chat.startNew();
      threads.setActive(null);
      setHash(null);
      closeDrawer();
      el.draft.focus();
    },
    onDeleted: (id) => {
      if (chat.threadId === id) {
        chat.startNew();
        setHash(null);
      }
    },
    onFailure: (error) => failure(error),
  },
});

const tasks = new TaskPanel({
  list: $("#task-list"),
  count: $("#task-count"),
  onError: (error) => failure(error),
});

const chat = new Chat({
  log: el.log,
  draft: el.draft,
  hooks: {
    onAuthRequired: () => signOut(EXPIRED),
    onError: (error) => showNotice(error.message),
    onBusy: (running) => {
      el.send.disabled = running;
      el.stop.hidden = !running;
      el.app.dataset.running = running ? "true" : "false";
      threads.setBusy(running);
    },
    onThreadCreated: (thread) => {
      threads.add(thread);
      setHash(thread.thread_id);
    },
    onTurnEnd: () => {
      refreshTasks();
      threads.refresh().catch(failure);
    },
  },
});

function failure(error) {
  if (error instanceof AuthRequired) signOut(EXPIRED);
  else showNotice(error?.message ?? String(error));
}

function showNotice(text) {
  el.noticeText.textContent = text;
  el.notice.hidden = false;
}

function hideNotice() {
  el.notice.hidden = true;
  el.noticeText.textContent = "";
}

function refreshTasks() {
  if (user) tasks.refresh(user).catch(failure);
}

function setHash(threadId) {
  const url = threadId ? `#thread=${encodeURIComponent(threadId)}` : location.pathname;
  history.replaceState(null, "", url);
}

function threadFromHash() {
  const match = /^#thread=(.+)$/.exec(location.hash);
  return match ? decodeURIComponent(match[1]) : null;
}

async function openThread(id) {
  if (chat.running) return;
  try {
    await chat.open(id);
    threads.setActive(id);
    setHash(id);
    hideNotice();
    closeDrawer();
  } catch (error) {
    failure(error);
  }
}

function showSignIn(notice = "") {
  el.app.hidden = true;
  el.signin.hidden = false;
  el.signinNotice.textContent = notice;
  el.signinError.textContent = "";
  el.tokenInput.value = "";
  el.tokenInput.focus();
}

function signOut(notice = "") {
  if (chat.running) chat.stop();
  threads.done();
  clearToken();
  showSignIn(notice);
}

async function enter() {
  const token = getToken();
  const who = token ? userOf(token) : null;
  if (!who) {
    clearToken();
    showSignIn();
    return;
  }
  const sameUser = user === who;
  user = who;
  el.who.textContent = who;
  el.signin.hidden = true;
  el.app.hidden = false;
  hideNotice();
  if (!sameUser) chat.startNew();
  refreshTasks();
  try {
    await threads.refresh();
  } catch (error) {
    failure(error);
    return;
  }
  const fromHash = threadFromHash();
  if (!sameUser && fromHash) await openThread(fromHash);
  el.draft.focus();
}

// ---- sign-in ---------------------------------------------------------------------------

el.signinForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const token = el.tokenInput.value.trim();
  if (!userOf(token)) {
    el.signinError.textContent = NOT_A_TOKEN;
    return;
  }
  if (isTaskToken(token, config?.task_token_audience)) {
    el.signinError.textContent = TASK_TOKEN;
    return;
  }
  setToken(token);
  enter();
});

el.demoButton.addEventListener("click", async () => {
  el.demoButton.disabled = true;
  el.signinError.textContent = "";
  try {
    const { access_token: token } = await devToken();
    setToken(token);
    await enter();
  } catch (error) {
    el.signinError.textContent = `The demo sign-in did not work. ${error.message}`;
  } finally {
    el.demoButton.disabled = false;
  }
});

el.signout.addEventListener("click", () => signOut());

// ---- composing -------------------------------------------------------------------------

el.composer.addEventListener("submit", (event) => {
  event.preventDefault();
  hideNotice();
  chat.send();
});

el.draft.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
  event.preventDefault();
  if (!chat.running) el.composer.requestSubmit();
});

el.draft.addEventListener("input", () => saveDraft(el.draft.value));
el.stop.addEventListener("click", () => chat.stop());
$("#notice-close").addEventListener("click", hideNotice);
$("#tasks-refresh").addEventListener("click", refreshTasks);

// ---- layout ----------------------------------------------------------------------------

function setPanel(name, toggle, open) {
  el.app.dataset[name] = open ? "open" : "closed";
  toggle.setAttribute("aria-expanded", String(open));
}

function closeDrawer() {
  setPanel("threads", el.threadsToggle, false);
}

el.threadsToggle.addEventListener("click", () =>
  setPanel("threads", el.threadsToggle, el.app.dataset.threads !== "open"),
);
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && el.app.dataset.threads === "open") {
    closeDrawer();
    el.threadsToggle.focus();
  }
});
el.tasksToggle.addEventListener("click", () =>
  setPanel("tasks", el.tasksToggle, el.app.dataset.tasks !== "open"),
);
setPanel("tasks", el.tasksToggle, wide.matches);

// ---- start -----------------------------------------------------------------------------

el.draft.value = getDraft();
webConfig()
  .then((answer) => {
    config = answer;
    el.demo.hidden = !config?.demo_sign_in;
  })
  .catch(() => {
    el.demo.hidden = true;
  });
enter();
