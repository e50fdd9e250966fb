// Server-Sent Events read with fetch, for streams that need the Authorization header (EventSource cannot send it).
// One reader per stream: openStream(path, onMessage) -> { close() }. Unlike core/events.js it does not reconnect on
// its own: a tail that drops says so (onEnd) and the view decides whether to start it again.
import { session } from '../core/session.js';

/**
 * Opens an SSE stream at path; calls onMessage({ event, data, id }) per message (data parsed as JSON when it is JSON),
 * onOpen() once the server answered 200, and onEnd(error|null) when the stream ends for any reason but close().
 */
export function openStream(path, { onMessage, onOpen = () => {}, onEnd = () => {} }) {
  const controller = new AbortController();
  // a page kept in the back/forward cache must not hold a connection (see core/events.js): the stream ends when the
  // page is hidden, and a restored page learns that it ended
  const hidden = () => controller.abort();
  const restored = (event) => { if (event.persisted) { forget(); onEnd(null); } };
  const forget = () => {
    window.removeEventListener('pagehide', hidden);
    window.removeEventListener('pageshow', restored);
  };
  window.addEventListener('pagehide', hidden);
  window.addEventListener('pageshow', restored);
  read(path, controller.signal, onMessage, onOpen)
    .then(() => { if (!controller.signal.aborted) { forget(); onEnd(null); } })
    .catch((failure) => { if (!controller.signal.aborted) { forget(); onEnd(failure); } });
  return { close: () => { forget(); controller.abort(); } };
}

async function read(path, signal, onMessage, onOpen) {
  const headers = { Accept: 'text/event-stream', Authorization: `Bearer ${session.accessToken}` };
  let response = await fetch(path, { headers, signal });
  if (response.status === 401 && await session.refresh()) {
    headers.Authorization = `Bearer ${session.accessToken}`;
    response = await fetch(path, { headers, signal });
  }
  if (!response.ok) {
    const text = await response.text();
    let detail = `HTTP ${response.status}`;
    try { detail = JSON.parse(text).detail || detail; } catch { /* not a problem document */ }
    throw Object.assign(new Error(detail), { status: response.status });
  }
  onOpen();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const message = parse(buffer.slice(0, end));
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      if (message) onMessage(message);
    }
  }
}

/** One SSE block -> { event, data, id }, or null for a comment-only block (keepalives). */
export function parse(block) {
  let event = 'message';
  let id = null;
  const data = [];
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('id:')) id = line.slice(3).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (!data.length) return null;
  const text = data.join('\n');
  try {
    return { event, id, data: JSON.parse(text) };
  } catch {
    return { event, id, data: text };
  }
}
