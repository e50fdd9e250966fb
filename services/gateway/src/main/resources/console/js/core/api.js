// The console's only way to the platform: the gateway's REST API, with the signed-in user's access token.
// Errors arrive as RFC 9457 problems and become ApiError, whose fieldErrors map a JSON pointer ('/image')
// to the API's message, so forms can show each message beside its field.
import { session } from './session.js';

const DEFAULT_TIMEOUT_MS = 30000;
// a read that failed before any answer (the browser aborts requests in flight when the machine's network changes,
// e.g. a VPN reconnecting) is tried again after these pauses; writes are not, they may have arrived
const READ_RETRY_DELAYS_MS = [300, 1500];

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
    this.fieldErrors = {};
    for (const error of this.problem.errors || []) {
      this.fieldErrors[error.field] = error.message;
    }
  }

  /** The message for one field (a JSON pointer such as '/ports/0/hostPort'), or for anything below it. */
  fieldMessage(pointer) {
    if (this.fieldErrors[pointer]) return this.fieldErrors[pointer];
    const nested = Object.keys(this.fieldErrors).find((field) => field.startsWith(pointer + '/'));
    return nested ? this.fieldErrors[nested] : null;
  }
}

/** Calls the API; resolves to the parsed JSON body (null for 204), rejects with ApiError. */
export async function api(method, path, body, { timeoutMs = DEFAULT_TIMEOUT_MS, retried = false } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (session.accessToken) headers.Authorization = `Bearer ${session.accessToken}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const pauses = method === 'GET' ? READ_RETRY_DELAYS_MS : [];
  let response;
  for (let attempt = 0; ; attempt++) {
    try {
      response = await send(method, path, headers, body, timeoutMs);
      break;
    } catch (failure) {
      if (failure.name === 'AbortError') {
        throw new ApiError(0, { title: 'network', detail: `no answer within ${timeoutMs / 1000} s` });
      }
      if (attempt >= pauses.length) {
        throw new ApiError(0, { title: 'network', detail: 'the gateway cannot be reached' });
      }
      await new Promise((resolve) => setTimeout(resolve, pauses[attempt]));
    }
  }
  if (response.status === 401 && !retried && session.refreshToken && !path.startsWith('/api/v1/auth/')) {
    if (await session.refresh()) return api(method, path, body, { timeoutMs, retried: true });
  }
  const text = await response.text();
  let parsed = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { detail: text.slice(0, 300) };
    }
  }
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/api/v1/auth/')) session.expired();
    throw new ApiError(response.status, parsed);
  }
  return parsed;
}

/** One fetch, aborted after timeoutMs. */
async function send(method, path, headers, body, timeoutMs) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: controller.signal,
    });
  } finally {
    clearTimeout(timer);
  }
}

export const get = (path, options) => api('GET', path, undefined, options);
export const post = (path, body, options) => api('POST', path, body ?? {}, options);
export const put = (path, body, options) => api('PUT', path, body, options);
export const patch = (path, body, options) => api('PATCH', path, body, options);
export const del = (path, options) => api('DELETE', path, undefined, options);

/** '/api/v1/tenants/{current}' + rest, for the tenant chosen in the switcher. */
export function tenantPath(rest = '') {
  return `/api/v1/tenants/${encodeURIComponent(session.tenant)}${rest}`;
}

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
