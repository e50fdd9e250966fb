import NodesView from './nodes-view.js';
import NodeDetailView from './node-detail-view.js';
import messages from './messages.js';

export default {
  messages,
  routes: [
    { path: '/nodes', name: 'nodes', component: NodesView },
    { path: '/nodes/:id', name: 'node', component: NodeDetailView },
  ],
  navigation: [{ group: 'nav.group.edge', path: '/nodes', label: 'nav.nodes' }],
};
