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

// The user a JWT names (its `sub`), or null when the text is not a JWT. The server
// verifies the token; this only tells the page whose task list to ask for.
export function userOf(token) {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, "+").replace(/_/g, "/");
    const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    return typeof claims.sub === "string" && claims.sub ? claims.sub : null;
  } catch {
    return null;
  }
}
