// The tenant's live platform events (GET /api/v1/tenants/{t}/events, Server-Sent Events). EventSource cannot
// send the Authorization header, so the stream is read with fetch. After a drop it reconnects with
// Last-Event-ID and the gateway replays what was missed. Views subscribe by event type prefix.
import { reactive } from 'vue';
import { session } from './session.js';

const listeners = new Set();
export const liveStatus = reactive({ connected: false, tenant: null, lastEventAt: null });

let controller = null;
let lastEventId = null;
let retryTimer = null;
let retryDelay = 1000;

/**
 * Calls handler(cloudEvent) for each event whose short type (the SSE event name, e.g. 'endpoint.online') starts
 * with one of the prefixes; returns the function that unsubscribes.
 */
export function onEvents(prefixes, handler) {
  const listener = { prefixes: [].concat(prefixes), handler };
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** (Re)connects to the current tenant's stream; a tenant switch starts over without a resume point. */
export function connectEvents() {
  disconnectEvents();
  if (!session.signedIn || !session.tenant) return;
  if (liveStatus.tenant !== session.tenant) lastEventId = null;
  liveStatus.tenant = session.tenant;
  controller = new AbortController();
  read(controller, session.tenant).catch(() => {}).finally(() => {
    liveStatus.connected = false;
    if (controller && !controller.signal.aborted) {
      retryTimer = setTimeout(connectEvents, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    }
  });
}

// A page the browser keeps in its back/forward cache must not keep its stream open: the frozen page would hold one of
// the browser's six connections to the gateway, and a few such pages stall every later load of the console until the
// browser evicts them. The stream closes when the page is hidden and resumes (Last-Event-ID) if the page is restored.
let suspended = false;
window.addEventListener('pagehide', () => {
  suspended = controller !== null;
  disconnectEvents();
});
window.addEventListener('pageshow', (event) => {
  if (event.persisted && suspended) connectEvents();
  suspended = false;
});

export function disconnectEvents() {
  clearTimeout(retryTimer);
  if (controller) controller.abort();
  controller = null;
  liveStatus.connected = false;
}

async function read(own, tenant) {
  const headers = { Accept: 'text/event-stream', Authorization: `Bearer ${session.accessToken}` };
  if (lastEventId) headers['Last-Event-ID'] = lastEventId;
  const response = await fetch(`/api/v1/tenants/${encodeURIComponent(tenant)}/events`, { headers, signal: own.signal });
  if (response.status === 401) {
    await session.refresh();
    return;
  }
  if (!response.ok) return;
  liveStatus.connected = true;
  retryDelay = 1000;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      dispatch(block);
    }
  }
}

function dispatch(block) {
  let id = null;
  let type = '';
  const data = [];
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith('id:')) id = line.slice(3).trim();
    else if (line.startsWith('event:')) type = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (id) lastEventId = id;
  if (!data.length) return;
  let event;
  try {
    event = JSON.parse(data.join('\n'));
  } catch {
    return;
  }
  liveStatus.lastEventAt = new Date();
  for (const listener of listeners) {
    if (listener.prefixes.some((prefix) => type.startsWith(prefix))) {
      try {
        listener.handler(event);
      } catch (failure) {
        console.error('event listener failed', failure);
      }
    }
  }
}
