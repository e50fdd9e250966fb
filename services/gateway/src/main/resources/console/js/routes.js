// Every screen of the console: its URL, its view, and where it sits in the navigation. Each area of the console
// (views/<area>/index.js) lists its own routes and navigation entries.
import { addRoute } from './core/router.js';
import { register } from './core/i18n.js';
import commonMessages from './messages.js';
import LoginView from './views/login/login-view.js';
import overview from './views/overview/index.js';
import nodes from './views/nodes/index.js';
import apps from './views/apps/index.js';
import ops from './views/ops/index.js';
import admin from './views/admin/index.js';

const areas = [overview, nodes, apps, ops, admin];

/** Navigation entries: { group, path, label, role (least role that sees it) or platformAdmin }. */
export const navigation = [];

export function registerRoutes() {
  register(commonMessages);
  addRoute('/login', 'login', LoginView, { public: true });
  addRoute('/', 'home', overview.routes[0].component);
  for (const area of areas) {
    register(area.messages);
    for (const entry of area.routes) addRoute(entry.path, entry.name, entry.component);
    navigation.push(...(area.navigation || []));
  }
}
