// One edge node: status, labels and facts, its containers, and its charts. Follows the node's live events. A node
// of another tenant (or none at all) shows only the API's "not found" message, nothing of the node.
import { get, tenantPath } from '../../core/api.js';
import { t } from '../../core/i18n.js';
import { session } from '../../core/session.js';
import { route, href, navigate } from '../../core/router.js';
import { onEvents } from '../../core/events.js';
import EfProblem from '../../components/problem.js';
import EfStatus from '../../components/status-badge.js';
import NodeDialogs from './node-dialogs.js';
import NodeFacts from './node-facts.js';
import NodeContainers from './node-containers.js';
import NodeCharts from './node-charts.js';

const RELOAD_COALESCE_MS = 1000;

export default {
  name: 'NodeDetailView',
  components: { EfProblem, EfStatus, NodeDialogs, NodeFacts, NodeContainers, NodeCharts },
  data: () => ({ node: null, error: null, gone: false }),
  setup: () => ({ t, href, session }),
  computed: {
    id() { return route.params.id; },
    operator() { return session.can('operator'); },
  },
  async mounted() {
    this.stop = onEvents(['endpoint.'], (event) => {
      if (event.data?.endpointId !== this.id) return;
      if (event.type?.includes('endpoint.deleted')) {
        this.gone = true;
        return;
      }
      if (this.reloadTimer) return;
      this.reloadTimer = setTimeout(() => { this.reloadTimer = null; this.load(); }, RELOAD_COALESCE_MS);
    });
    await this.load();
  },
  beforeUnmount() {
    this.stop?.();
    clearTimeout(this.reloadTimer);
  },
  methods: {
    async load() {
      try {
        this.node = await get(tenantPath(`/endpoints/${encodeURIComponent(this.id)}`));
        this.error = null;
      } catch (failure) {
        this.error = failure;
        if (failure.status === 404 || failure.status === 403) this.node = null;
      }
    },
    changed(node) { this.node = node; },
    deleted() { navigate('/nodes'); },
    labelPairs(labels) { return Object.entries(labels || {}); },
  },
  template: `
    <section class="node-detail">
      <p><a :href="href('/nodes')" data-test="nodes-back">← {{ t('nodes.back') }}</a></p>
      <ef-problem :error="error"></ef-problem>
      <p v-if="gone" class="problem" role="alert" data-test="node-gone">{{ t('nodes.gone') }}</p>
      <template v-if="node && !gone">
        <div class="toolbar">
          <h1 data-test="node-name-heading">{{ node.name }}</h1>
          <ef-status :value="node.status" data-test="node-heading-status"></ef-status>
          <span class="labels"><span v-for="[key, value] in labelPairs(node.labels)" :key="key" data-test="node-label">
            {{ key }}={{ value }}</span></span>
          <span class="spacer"></span>
          <template v-if="operator">
            <button type="button" data-test="node-edit" @click="$refs.dialogs.edit(node)">{{ t('nodes.edit-labels') }}</button>
            <button type="button" data-test="node-rotate" @click="$refs.dialogs.rotate(node)">{{ t('nodes.rotate') }}</button>
            <button type="button" class="danger" data-test="node-delete" @click="$refs.dialogs.remove(node)">
              {{ t('common.delete') }}</button>
          </template>
        </div>
        <h2>{{ t('nodes.facts') }}</h2>
        <node-facts :node="node"></node-facts>
        <node-containers :endpoint-id="node.id"></node-containers>
        <node-charts :endpoint-id="node.id"></node-charts>
        <node-dialogs ref="dialogs" @changed="changed" @deleted="deleted"></node-dialogs>
      </template>
    </section>`,
};
