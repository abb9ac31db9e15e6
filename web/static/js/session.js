// What this tab remembers: the sign-in token and the unsent draft (sessionStorage only).

const TOKEN = "todo.token";
const DRAFT = "todo.draft";

export function getToken() {
  return sessionStorage.getItem(TOKEN);
}

export function setToken(token) {
  sessionStorage.setItem(TOKEN, token);
}

export function clearToken() {
  sessionStorage.removeItem(TOKEN);
}

export function getDraft() {
  return sessionStorage.getItem(DRAFT) ?? "";
}

export function saveDraft(text) {
  if (text) sessionStorage.setItem(DRAFT, text);
  else sessionStorage.removeItem(DRAFT);
}

// The claims of a JWT, unverified, or null when the text is not a JWT. The server verifies
// the token; the page only reads whose task list to ask for, and what kind of token it is.
export function claimsOf(token) {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, "+").replace(/_/g, "/");
    const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    return claims && typeof claims === "object" ? claims : null;
  } catch {
    return null;
  }
}

// The user a JWT names (its `sub`), or null when the text is not a JWT.
export function userOf(token) {
  const sub = claimsOf(token)?.sub;
  return typeof sub === "string" && sub ? sub : null;
}

// True for a token made for the task server (its audience), which the page cannot use.
export function isTaskToken(token, taskAudience) {
  const aud = claimsOf(token)?.aud;
  if (!taskAudience || aud === undefined) return false;
  return Array.isArray(aud) ? aud.includes(taskAudience) : aud === taskAudience;
}
