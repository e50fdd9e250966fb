// A small hash router: '#/nodes/ep-1?tab=containers' -> { name, params: { id: 'ep-1' }, query: { tab } }.
// Hash URLs need nothing from the server and survive a reload.
import { reactive } from 'vue';

const routes = [];

export const route = reactive({ name: null, path: '/', params: {}, query: {}, component: null });

/** Adds a route; pattern segments starting with ':' are parameters. */
export function addRoute(pattern, name, component, options = {}) {
  const keys = [];
  const source = pattern.split('/').map((segment) => {
    if (segment.startsWith(':')) {
      keys.push(segment.slice(1));
      return '([^/]+)';
    }
    return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }).join('/');
  routes.push({ regex: new RegExp(`^${source}$`), keys, name, component, ...options });
}

function resolve() {
  const hash = decodeURI(location.hash.slice(1)) || '/';
  const [path, search = ''] = hash.split('?');
  for (const candidate of routes) {
    const match = candidate.regex.exec(path);
    if (match) {
      const params = {};
      candidate.keys.forEach((key, index) => { params[key] = decodeURIComponent(match[index + 1]); });
      Object.assign(route, {
        name: candidate.name, path, params, query: Object.fromEntries(new URLSearchParams(search)),
        component: candidate.component, public: Boolean(candidate.public),
      });
      return;
    }
  }
  Object.assign(route, { name: 'not-found', path, params: {}, query: {}, component: null, public: false });
}

export function navigate(path) {
  if (location.hash === `#${path}`) resolve();
  else location.hash = path;
}

/** href for a path, e.g. href('/nodes/' + id). */
export function href(path) {
  return `#${path.split('/').map((part) => encodeURIComponent(decodeURIComponent(part))).join('/')}`;
}

export function startRouter() {
  window.addEventListener('hashchange', resolve);
  resolve();
}
