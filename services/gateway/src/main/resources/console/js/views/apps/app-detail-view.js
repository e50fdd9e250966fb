// One app: its current revision's spec, the nodes it targets, the latest rollout with per-endpoint progress and
// actions, revisions with rollback and the rollout history. Edit and Delete only for operators and up.
import { get, tenantPath, query } from '../../core/api.js';
import { confirmAndDelete } from '../../core/actions.js';
import { t } from '../../core/i18n.js';
import { session } from '../../core/session.js';
import { route, href, navigate } from '../../core/router.js';
import { onEvents } from '../../core/events.js';
import { dateTime, labelText } from '../../core/format.js';
import EfProblem from '../../components/problem.js';
import EfStatus from '../../components/status-badge.js';
import RolloutPanel from './rollout-panel.js';
import RevisionsPanel from './revisions-panel.js';
import { targetText } from './app-text.js';

const MAX_ENDPOINTS = 500;

export default {
  name: 'AppDetailView',
  components: { EfProblem, EfStatus, RolloutPanel, RevisionsPanel },
  data: () => ({ app: null, nodes: [], error: null, deleting: false }),
  setup: () => ({ t, session, href, dateTime, labelText, targetText }),
  computed: {
    name() { return route.params.name; },
    spec() { return this.app?.spec || {}; },
    ports() { return (this.spec.ports || []).map((p) => `${p.hostPort ? p.hostPort + '->' : ''}${p.containerPort}/${p.protocol || 'tcp'}`).join(', '); },
    words() { return (list) => (list || []).map((w) => (/\s/.test(w) ? JSON.stringify(w) : w)).join(' '); },
  },
  async mounted() {
    this.stop = onEvents(['app.', 'endpoint.'], (event) => {
      if (event.type?.includes('app.deleted') && event.data?.name === this.name) this.error = { status: 404 };
      else this.scheduleReload();
    });
    await this.load();
  },
  beforeUnmount() {
    this.stop?.();
    clearTimeout(this.reloadTimer);
  },
  methods: {
    scheduleReload() {
      if (this.reloadTimer) return;
      this.reloadTimer = setTimeout(() => { this.reloadTimer = null; this.load(); }, 1000);
    },
    async load() {
      try {
        this.app = await get(tenantPath(`/apps/${encodeURIComponent(this.name)}`));
        this.error = null;
        await this.loadNodes();
      } catch (failure) {
        this.error = failure;
      }
    },
    async loadNodes() {
      const target = this.app.target || {};
      if (target.partition) { this.nodes = []; return; }
      const found = new Map();
      if (target.endpoints?.length) {
        const page = await get(tenantPath(`/endpoints${query({ size: MAX_ENDPOINTS })}`));
        for (const e of page.items || []) if (target.endpoints.includes(e.id)) found.set(e.id, e);
      }
      if (target.selector) {
        const page = await get(tenantPath(`/endpoints${query({ selector: target.selector, size: MAX_ENDPOINTS })}`));
        for (const e of page.items || []) found.set(e.id, e);
      }
      this.nodes = [...found.values()];
    },
    async remove() {
      this.deleting = true;
      try {
        if (await confirmAndDelete(t('apps.confirm-delete', { name: this.name }),
          tenantPath(`/apps/${encodeURIComponent(this.name)}`), this.name)) navigate('/apps');
      } finally {
        this.deleting = false;
      }
    },
  },
  template: `
    <section class="app-detail">
      <p><a :href="href('/apps')">← {{ t('apps.title') }}</a></p>
      <h1>{{ t('apps.detail-title', { name }) }}</h1>
      <ef-problem :error="error"></ef-problem>
      <template v-if="app">
        <div class="toolbar" v-if="session.can('operator')">
          <a class="button" :href="href('/apps/' + name + '/edit')" data-test="edit-app">{{ t('common.edit') }}</a>
          <button type="button" class="danger" :disabled="deleting" @click="remove" data-test="delete-app">
            {{ deleting ? t('apps.deleting') : t('common.delete') }}</button>
        </div>
        <dl class="facts" data-test="app-facts">
          <dt>{{ t('apps.image') }}</dt><dd><code data-test="app-image">{{ spec.image }}</code></dd>
          <dt>{{ t('apps.revision') }}</dt><dd data-test="app-revision">{{ app.revision }}</dd>
          <dt>{{ t('apps.target') }}</dt><dd>{{ targetText(app.target) }}</dd>
          <dt>{{ t('apps.form.strategy') }}</dt><dd>{{ t('apps.strategy.' + (app.rollout?.strategy || 'all-at-once')) }}</dd>
          <dt>{{ t('apps.form.memory-limit') }}</dt><dd>{{ spec.memoryLimitMiB ?? '—' }}</dd>
          <dt>{{ t('apps.form.memory-reservation') }}</dt><dd>{{ spec.memoryReservationMiB ?? '—' }}</dd>
          <dt>{{ t('apps.form.cpu-limit') }}</dt><dd>{{ spec.cpuLimit ?? '—' }}</dd>
          <dt>{{ t('apps.form.ports') }}</dt><dd data-test="app-ports">{{ ports || '—' }}</dd>
          <dt>{{ t('apps.form.env') }}</dt><dd data-test="app-env">{{ labelText(spec.env) || '—' }}</dd>
          <dt>{{ t('apps.form.labels') }}</dt><dd data-test="app-labels">{{ labelText(spec.labels) || '—' }}</dd>
          <dt>{{ t('apps.form.command') }}</dt><dd><code>{{ words(spec.command) || '—' }}</code></dd>
          <dt>{{ t('apps.form.restart') }}</dt><dd>{{ spec.restartPolicy?.name || '—' }}</dd>
          <dt>{{ t('apps.form.pull') }}</dt><dd>{{ spec.pullPolicy || 'ifNotPresent' }}</dd>
          <dt>{{ t('apps.form.network') }}</dt><dd>{{ spec.network || 'bridge' }}</dd>
          <dt>{{ t('apps.form.config') }}</dt><dd>{{ (app.configSets || []).map((c) => c.name + (c.resolvedVersion ? ' v' + c.resolvedVersion : '')).join(', ') || '—' }}
            {{ (app.registries || []).join(', ') }}</dd>
          <dt>{{ t('apps.updated') }}</dt><dd>{{ dateTime(app.updatedAt) }}</dd>
        </dl>
        <section v-if="!app.target?.partition">
          <h2>{{ t('apps.nodes') }}</h2>
          <table class="grid" data-test="app-nodes">
            <thead><tr><th>{{ t('common.name') }}</th><th>ID</th><th>{{ t('common.status') }}</th><th>{{ t('common.labels') }}</th></tr></thead>
            <tbody><tr v-for="n in nodes" :key="n.id" :data-endpoint="n.id">
              <td><a :href="href('/nodes/' + n.id)">{{ n.name }}</a></td><td><code>{{ n.id }}</code></td>
              <td><ef-status :value="n.status"></ef-status></td><td>{{ labelText(n.labels) }}</td></tr>
              <tr v-if="!nodes.length"><td colspan="4" class="muted">{{ t('apps.no-nodes') }}</td></tr></tbody>
          </table>
        </section>
        <section v-else><h2>{{ t('apps.partition-status') }}</h2><pre class="card">{{ JSON.stringify(app.partitionStatus || {}, null, 2) }}</pre></section>
        <rollout-panel :app="name" :key="'rollout-' + app.revision" @changed="load"></rollout-panel>
        <revisions-panel :app="app" @changed="load"></revisions-panel>
      </template>
    </section>`,
};
