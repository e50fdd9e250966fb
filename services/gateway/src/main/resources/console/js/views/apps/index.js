// The apps area: deploy form, apps list and detail (rollouts, revisions), templates, config sets, registries.
import DeployView from './deploy-view.js';
import AppsListView from './apps-list-view.js';
import AppDetailView from './app-detail-view.js';
import TemplatesView from './templates-view.js';
import ConfigSetsView from './config-sets-view.js';
import RegistriesView from './registries-view.js';
import messages from './messages.js';

export default {
  messages,
  routes: [
    { path: '/apps', name: 'apps', component: AppsListView },
    { path: '/deploy', name: 'deploy', component: DeployView },
    { path: '/apps/:name/edit', name: 'app-edit', component: DeployView },
    { path: '/apps/:name', name: 'app', component: AppDetailView },
    { path: '/templates', name: 'templates', component: TemplatesView },
    { path: '/config-sets', name: 'config-sets', component: ConfigSetsView },
    { path: '/registries', name: 'registries', component: RegistriesView },
  ],
  navigation: [
    { group: 'nav.group.edge', path: '/apps', label: 'nav.apps' },
    { group: 'nav.group.edge', path: '/deploy', label: 'nav.deploy', role: 'operator' },
    { group: 'nav.group.edge', path: '/templates', label: 'nav.templates' },
    { group: 'nav.group.edge', path: '/config-sets', label: 'nav.config-sets' },
    { group: 'nav.group.edge', path: '/registries', label: 'nav.registries' },
  ],
};
