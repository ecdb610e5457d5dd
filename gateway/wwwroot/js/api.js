// @ts-check
/**
 * The API client: every call carries the signed-in user's token, and every failure becomes an
 * ApiProblem a screen can show (which field, what to do). The token lives in this module's memory
 * only — never localStorage/sessionStorage — so a reload signs the user out.
 */

/** @type {{ token: string, username: string, expiresAt: number } | null} */
let session = null;

/** @type {Set<() => void>} */
const signOutListeners = new Set();

export class ApiProblem extends Error {
  /**
   * @param {number} status
   * @param {{ title?: string, detail?: string, field?: string, errors?: Record<string, string[]> }} body
   * @param {boolean} missingEndpoint true when the server has no such route (a service not deployed yet)
   */
  constructor(status, body, missingEndpoint = false) {
    super(body.detail || body.title || `The server answered ${status}.`);
    this.status = status;
    this.title = body.title || titleFor(status);
    this.detail = body.detail || '';
    this.field = body.field || null;
    /** @type {Record<string, string[]>} */
    this.errors = body.errors || {};
    if (this.field && !this.errors[this.field] && this.detail) this.errors[this.field] = [this.detail];
    this.missingEndpoint = missingEndpoint;
  }

  /** What a person should do next, in words. */
  get advice() {
    if (this.missingEndpoint) return 'This part of the system is not available on this server yet.';
    switch (this.status) {
      case 0: return 'Check your connection and try again.';
      case 400: return 'Correct the marked fields and try again.';
      case 401: return 'Your sign-in has ended. Sign in again.';
      case 403: return 'Ask a project lead if you need this permission.';
      case 404: return 'It may have been removed, or you are not a member of this project.';
      case 409: return this.field ? 'Correct the marked field and try again.' : 'This clashes with the current state. Reload and try again.';
      case 412: return 'Someone else changed this meanwhile. Reload and try again.';
      case 413: return 'The file is too large for this server.';
      case 415: return 'This file type is not accepted.';
      case 429: return 'Too many requests. Wait a moment and try again.';
      default: return this.status >= 500 ? 'The server had a problem. Try again in a moment.' : '';
    }
  }
}

/** @param {number} status */
function titleFor(status) {
  if (status === 0) return 'The server could not be reached';
  if (status >= 500) return 'Server error';
  return `Request failed (${status})`;
}

/** @param {string} token */
function claims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part));
  } catch {
    return {};
  }
}

export function currentUser() {
  if (session && Date.now() >= session.expiresAt) endSession();
  return session ? session.username : null;
}

/** @param {() => void} listener */
export function onSignOut(listener) {
  signOutListeners.add(listener);
}

function endSession() {
  const had = session !== null;
  session = null;
  if (had) signOutListeners.forEach((l) => l());
}

export function signOut() {
  endSession();
}

/**
 * @param {string} username
 * @param {string} password
 */
export async function signIn(username, password) {
  const result = await request('POST', '/api/auth/token', { json: { username, password }, anonymous: true });
  const token = /** @type {string} */ (result.data.accessToken);
  const sub = claims(token).sub;
  session = { token, username: typeof sub === 'string' ? sub : username, expiresAt: Date.now() + (result.data.expiresIn || 3600) * 1000 };
  return session.username;
}

/**
 * @typedef {{ status: number, data: any, headers: Headers }} ApiResult
 * @typedef {{ json?: unknown, body?: BodyInit, contentType?: string, anonymous?: boolean, accept?: string, headers?: Record<string, string> }} RequestOptions
 */

/**
 * @param {string} method
 * @param {string} path
 * @param {RequestOptions} [options]
 * @returns {Promise<ApiResult>}
 */
export async function request(method, path, options = {}) {
  /** @type {Record<string, string>} */
  const headers = { Accept: options.accept || 'application/json, application/problem+json', ...(options.headers || {}) };
  if (!options.anonymous) {
    if (!currentUser() || !session) throw new ApiProblem(401, { title: 'Not signed in', detail: 'Sign in to continue.' });
    headers.Authorization = `Bearer ${session.token}`;
  }
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['Content-Type'] = 'application/json';
  } else if (options.contentType) {
    headers['Content-Type'] = options.contentType;
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiProblem(0, { detail: 'The server could not be reached.' });
  }
  if (response.status === 401 && !options.anonymous) {
    endSession();
  }
  const type = response.headers.get('Content-Type') || '';
  if (!response.ok) {
    let problem = {};
    if (type.includes('json')) {
      try { problem = await response.json(); } catch { problem = {}; }
    }
    // A route the server does not have answers 404/405 without naming a field; a missing
    // project or member always names one ("projectId", "username", ...).
    const missing = (response.status === 404 && !(/** @type {any} */ (problem).field)) || response.status === 405;
    throw new ApiProblem(response.status, problem, missing);
  }
  let data = null;
  if (response.status !== 204) {
    if (type.includes('json')) data = await response.json();
    else if (options.accept && !options.accept.includes('json')) data = await response.blob();
    else data = await response.text();
  }
  return { status: response.status, data, headers: response.headers };
}

export const api = {
  /** @param {string} path */
  get: (path) => request('GET', path),
  /** @param {string} path @param {unknown} json @param {Record<string,string>} [headers] */
  post: (path, json, headers) => request('POST', path, { json, headers }),
  /** @param {string} path @param {unknown} json @param {Record<string,string>} [headers] */
  put: (path, json, headers) => request('PUT', path, { json, headers }),
  /** @param {string} path */
  del: (path) => request('DELETE', path),
  /** An SVG or CSV fetched with the token, as a blob (an <img> cannot send the token itself). @param {string} path @param {string} accept */
  blob: (path, accept) => request('GET', path, { accept }),
};

/**
 * One Idempotency-Key per user action, so a retried click does not record twice: a version 7 UUID
 * (RFC 9562: 48 bits of Unix milliseconds, then random bits). Time first, so the marks the services
 * keep for keys are written in order, on a page the commits of a moment share (docs/performance.md).
 * crypto.getRandomValues works on plain http too, where crypto.randomUUID does not exist.
 */
export function idempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let millis = Date.now();
  for (let i = 5; i >= 0; i--) {
    bytes[i] = millis % 256;
    millis = Math.floor(millis / 256);
  }
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * An id taken from the page's address (e.g. ?study=), or null unless it is a GUID. It goes into API
 * paths that carry the user's token: a crafted link with "..%2F" segments would otherwise steer
 * those requests, GETs and PUTs alike, to another endpoint of the same origin.
 * @param {string | null} value
 * @returns {string | null}
 */
export function idFromAddress(value) {
  return value !== null && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ? value : null;
}

/**
 * Uploads a file as multipart/form-data with upload progress (fetch cannot report it; XHR can).
 * @param {string} path
 * @param {File} file
 * @param {Record<string, string>} extra other form fields
 * @param {(loaded: number, total: number) => void} onProgress
 * @returns {Promise<ApiResult>}
 */
export function upload(path, file, extra, onProgress) {
  return new Promise((resolve, reject) => {
    if (!currentUser() || !session) { reject(new ApiProblem(401, { title: 'Not signed in', detail: 'Sign in to continue.' })); return; }
    const form = new FormData();
    for (const [k, v] of Object.entries(extra)) form.append(k, v);
    form.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('Authorization', `Bearer ${session.token}`);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.setRequestHeader('Idempotency-Key', idempotencyKey());
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(new ApiProblem(0, { detail: 'The upload was interrupted.' }));
    xhr.onload = () => {
      let data = null;
      try { data = xhr.responseText ? JSON.parse(xhr.responseText) : null; } catch { data = null; }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve({ status: xhr.status, data, headers: new Headers() });
      } else {
        if (xhr.status === 401) endSession();
        reject(new ApiProblem(xhr.status, data || {}, (xhr.status === 404 && !(data && data.field)) || xhr.status === 405));
      }
    };
    xhr.send(form);
  });
}
