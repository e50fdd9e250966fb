// A tenant's partitions (namespaces with quota and container limits in a registered cluster): list, create,
// change quota and limits, delete. The tenant is the one chosen here, the switcher's by default.
import { get } from '../../core/api.js';
import { confirmAndDelete } from '../../core/actions.js';
import { t } from '../../core/i18n.js';
import { session } from '../../core/session.js';
import { notify } from '../../core/notices.js';
import EfProblem from '../../components/problem.js';
import PartitionForm from './partition-form.js';

export default {
  name: 'PartitionsTab',
  components: { EfProblem, PartitionForm },
  data: () => ({ tenant: session.tenant, items: [], clusters: [], error: null, editing: null }),
  setup: () => ({ t, session }),
  watch: { tenant() { this.load(); } },
  async mounted() {
    this.clusters = ((await get('/api/v1/clusters').catch(() => null))?.items) || [];
    await this.load();
  },
  methods: {
    base() { return `/api/v1/tenants/${encodeURIComponent(this.tenant)}/partitions`; },
    async load() {
      try {
        this.items = (await get(this.base())).items || [];
        this.error = null;
      } catch (failure) {
        this.error = failure;
      }
    },
    async remove(partition) {
      const question = t('admin.partition.delete-confirm', { name: partition.name, namespace: partition.namespace });
      // removing a partition deletes its namespace in the cluster, which can take a while
      if (await confirmAndDelete(question, `${this.base()}/${encodeURIComponent(partition.name)}`, partition.name,
        { timeoutMs: 60000 })) await this.load();
    },
    saved(partition) {
      this.editing = null;
      notify(t('common.saved', { name: partition.name }));
      this.load();
    },
  },
  template: `
    <div>
      <div class="toolbar">
        <label for="partition-tenant">{{ t('admin.audit.tenant') }}</label>
        <select id="partition-tenant" v-model="tenant" data-test="partition-tenant">
          <option v-for="id in session.tenants" :key="id" :value="id">{{ id }}</option></select>
        <button type="button" class="primary" @click="editing = {}" :disabled="!clusters.length" data-test="partition-create">
          {{ t('admin.partition.create') }}</button>
        <span v-if="!clusters.length" class="hint">{{ t('admin.partition.no-cluster') }}</span>
      </div>
      <ef-problem :error="error"></ef-problem>
      <table class="grid" data-test="partitions">
        <thead><tr><th>{{ t('common.name') }}</th><th>{{ t('admin.partition.cluster') }}</th><th>{{ t('admin.partition.namespace') }}</th>
          <th>{{ t('admin.partition.quota') }}</th><th>{{ t('admin.partition.limits') }}</th><th>{{ t('common.actions') }}</th></tr></thead>
        <tbody><tr v-for="p in items" :key="p.name" data-test="partition-row">
          <td>{{ p.name }}</td><td>{{ p.cluster }}</td><td class="mono">{{ p.namespace }}</td>
          <td class="mono">cpu {{ p.quota.cpu }}, mem {{ p.quota.memory }}, pods {{ p.quota.pods }}</td>
          <td class="mono">{{ p.limits.defaultCpu }}/{{ p.limits.defaultMemory }}<span v-if="p.limits.maxCpu"> ≤ {{ p.limits.maxCpu }}</span>
            <span v-if="p.limits.maxMemory"> ≤ {{ p.limits.maxMemory }}</span></td>
          <td><button type="button" class="link" @click="editing = p" :aria-label="t('common.edit') + ' ' + p.name">{{ t('common.edit') }}</button>
            <button type="button" class="link danger" @click="remove(p)" :aria-label="t('common.delete') + ' ' + p.name">{{ t('common.delete') }}</button></td>
        </tr></tbody>
      </table>
      <p v-if="!items.length" class="muted">{{ t('common.empty') }}</p>
      <partition-form v-if="editing" :partition="editing" :clusters="clusters" :base="base()" @close="editing = null" @saved="saved"></partition-form>
    </div>`,
};
