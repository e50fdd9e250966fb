// Starts the console: routes, the session (a stored token is checked with /api/v1/me), the live event stream.
import { createApp, h } from 'vue';
import { session } from './core/session.js';
import { route, startRouter } from './core/router.js';
import { connectEvents, disconnectEvents } from './core/events.js';
import { registerRoutes } from './routes.js';
import Shell from './shell.js';

registerRoutes();

const Root = {
  name: 'EfRoot',
  data: () => ({ ready: false }),
  setup: () => ({ session, route }),
  async created() {
    if (session.signedIn) {
      try {
        await session.loadMe();
        connectEvents();
      } catch {
        session.clear();
      }
    }
    this.ready = true;
  },
  watch: {
    'session.signedIn'(signedIn) {
      if (!signedIn) {
        disconnectEvents();
        location.hash = '/login';
      }
    },
  },
  render() {
    if (!this.ready) return h('p', { class: 'boot' }, 'edgefleet');
    if (route.public) return h(route.component);
    if (!session.signedIn || !session.me) {
      if (route.path !== '/login') sessionStorage.setItem('edgefleet.after-login', route.path + queryText());
      location.hash = '/login';
      return h('p', { class: 'boot' }, 'edgefleet');
    }
    // t() reads the reactive locale while rendering, so a language switch re-renders every message in place
    return h(Shell);
  },
};

function queryText() {
  const search = new URLSearchParams(route.query).toString();
  return search ? `?${search}` : '';
}

startRouter();
createApp(Root).mount('#app');
// boot.js stops waiting for the console once this is set
document.documentElement.setAttribute('data-started', '');
