// Calls to the admin API with the password the person signed in with. The password lives in
// sessionStorage only: it is gone when the tab closes and is never sent anywhere but this server.
const storageKey = "conifer-admin-password";

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

let signedOut = () => {};

export const session = {
  get password() { return sessionStorage.getItem(storageKey); },
  signIn(password) { sessionStorage.setItem(storageKey, password); },
  signOut() { sessionStorage.removeItem(storageKey); },
  onSignedOut(callback) { signedOut = callback; },
};

// HTTP Basic with the password as UTF-8, so that a password with any characters travels intact
// (a header value itself may only hold ASCII).
function authorization(password) {
  const bytes = new TextEncoder().encode("admin:" + password);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return "Basic " + btoa(binary);
}

// Sends a request and reads the JSON answer. 401 signs out; the caller decides what other
// statuses mean (a deploy answers 422 with a report).
export async function call(path, options = {}, password = session.password) {
  const headers = new Headers(options.headers || {});
  headers.set("Authorization", authorization(password ?? ""));
  let response;
  try {
    response = await fetch(path, { ...options, headers, cache: "no-store" });
  } catch (e) {
    throw new ApiError(0, "The admin server cannot be reached: " + e.message);
  }
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = { error: text }; }
  if (response.status === 401) {
    signedOut();
    throw new ApiError(401, "The admin password is wrong.");
  }
  return { status: response.status, ok: response.ok, body };
}

// A call that must succeed: any other status becomes an error with the server's own message.
export async function get(path) {
  const { status, ok, body } = await call(path);
  if (!ok) throw new ApiError(status, (body && body.error) || `${path} answered ${status}.`);
  return body;
}
