import OverviewView from './overview-view.js';
import messages from './messages.js';

export default {
  messages,
  routes: [{ path: '/overview', name: 'overview', component: OverviewView }],
  navigation: [{ group: 'nav.group.edge', path: '/overview', label: 'nav.overview' }],
};
