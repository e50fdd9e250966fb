import messages from './messages.js';
import AlertsView from './alerts-view.js';
import LogsView from './logs-view.js';

export default {
  messages,
  routes: [
    { path: '/alerts', name: 'alerts', component: AlertsView },
    { path: '/logs', name: 'logs', component: LogsView },
  ],
  navigation: [
    { group: 'nav.group.ops', path: '/alerts', label: 'ops.alerts' },
    { group: 'nav.group.ops', path: '/logs', label: 'ops.logs' },
  ],
};
