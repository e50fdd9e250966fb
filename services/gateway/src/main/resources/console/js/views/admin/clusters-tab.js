// Kubernetes clusters the platform may place tenant partitions in. Registering one checks that its API server
// answers; the credential is stored sealed and never shown again. Check asks the cluster again and shows the result.
import { get, post } from '../../core/api.js';
import { confirmAndDelete } from '../../core/actions.js';
import { t } from '../../core/i18n.js';
import { notify } from '../../core/notices.js';
import { dateTime } from '../../core/format.js';
import EfProblem from '../../components/problem.js';
import EfStatus from '../../components/status-badge.js';
import ClusterForm from './cluster-form.js';

export default {
  name: 'ClustersTab',
  components: { EfProblem, EfStatus, ClusterForm },
  data: () => ({ items: [], error: null, creating: false, checking: null }),
  setup: () => ({ t, dateTime }),
  mounted() { this.load(); },
  methods: {
    async load() {
      try {
        this.items = (await get('/api/v1/clusters')).items || [];
        this.error = null;
      } catch (failure) {
        this.error = failure;
      }
    },
    async check(cluster) {
      this.checking = cluster.id;
      try {
        const checked = await post(`/api/v1/clusters/${encodeURIComponent(cluster.id)}/check`);
        notify(t('admin.cluster.checked', { name: cluster.name, status: checked.status }), checked.lastError ? 'error' : 'info');
        await this.load();
      } catch (failure) {
        notify(failure.message, 'error');
      } finally {
        this.checking = null;
      }
    },
    async remove(cluster) {
      if (await confirmAndDelete(t('admin.cluster.delete-confirm', { name: cluster.name }),
        `/api/v1/clusters/${encodeURIComponent(cluster.id)}`, cluster.name)) await this.load();
    },
    closed() {
      // a registration the gateway gave up waiting for may still have gone through
      this.creating = false;
      this.load();
    },
    created(cluster) {
      this.creating = false;
      notify(t('admin.cluster.created', { name: cluster.name }));
      this.load();
    },
  },
  template: `
    <div>
      <div class="toolbar"><button type="button" class="primary" @click="creating = true" data-test="cluster-create">{{ t('admin.cluster.create') }}</button>
        <span class="spacer"></span><button type="button" @click="load" data-test="clusters-refresh">{{ t('common.refresh') }}</button></div>
      <ef-problem :error="error"></ef-problem>
      <table class="grid" data-test="clusters">
        <thead><tr><th>{{ t('common.name') }}</th><th>{{ t('admin.cluster.api-url') }}</th><th>{{ t('common.status') }}</th>
          <th>{{ t('admin.cluster.version') }}</th><th>{{ t('admin.cluster.checked-at') }}</th><th>{{ t('admin.cluster.error') }}</th>
          <th>{{ t('common.actions') }}</th></tr></thead>
        <tbody><tr v-for="c in items" :key="c.id" data-test="cluster-row" :data-name="c.name">
          <td>{{ c.name }}</td><td class="mono">{{ c.apiUrl }}</td><td><ef-status :value="c.status" data-test="cluster-status"></ef-status></td>
          <td>{{ c.kubernetesVersion || '—' }}</td><td>{{ dateTime(c.lastCheckedAt) }}</td><td class="hint">{{ c.lastError || '' }}</td>
          <td><button type="button" class="link" @click="check(c)" :disabled="checking === c.id" data-test="cluster-check"
                      :aria-label="t('admin.cluster.check') + ' ' + c.name">{{ checking === c.id ? t('admin.cluster.checking') : t('admin.cluster.check') }}</button>
            <button type="button" class="link danger" @click="remove(c)" :aria-label="t('common.delete') + ' ' + c.name">{{ t('common.delete') }}</button></td>
        </tr></tbody>
      </table>
      <p v-if="!items.length" class="muted">{{ t('common.empty') }}</p>
      <cluster-form v-if="creating" @close="closed" @saved="created"></cluster-form>
    </div>`,
};
