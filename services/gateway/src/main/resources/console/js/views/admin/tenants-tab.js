// All tenants: create one (id and display name), disable or enable it. Disabling ends its members' access.
import { post, patch } from '../../core/api.js';
import { listTab } from '../../core/list-tab.js';
import { t } from '../../core/i18n.js';
import { session } from '../../core/session.js';
import { notify, confirmAction } from '../../core/notices.js';
import { dateTime } from '../../core/format.js';
import EfProblem from '../../components/problem.js';
import EfStatus from '../../components/status-badge.js';

export default {
  name: 'TenantsTab',
  components: { EfProblem, EfStatus },
  mixins: [listTab(() => '/api/v1/tenants')],
  data: () => ({ form: { id: '', displayName: '' }, saving: false }),
  setup: () => ({ t, dateTime }),
  methods: {
    async create() {
      this.saving = true;
      try {
        const created = await post('/api/v1/tenants', { id: this.form.id.trim(), displayName: this.form.displayName.trim() });
        notify(t('admin.tenants.created', { name: created.id }));
        this.form = { id: '', displayName: '' };
        this.formError = null;
        await this.load();
        await session.loadMe();
      } catch (failure) {
        this.formError = failure;
      } finally {
        this.saving = false;
      }
    },
    async setStatus(tenant, status) {
      if (status === 'disabled'
        && !await confirmAction(t('admin.tenants.disable-confirm', { name: tenant.id }), t('admin.tenants.disable'))) return;
      try {
        await patch(`/api/v1/tenants/${encodeURIComponent(tenant.id)}`, { status });
        notify(t('common.saved', { name: tenant.id }));
        await this.load();
        await session.loadMe();
      } catch (failure) {
        notify(failure.message, 'error');
      }
    },
  },
  template: `
    <div>
      <form class="card" @submit.prevent="create" data-test="tenant-form" novalidate>
        <h2>{{ t('admin.tenants.create') }}</h2>
        <ef-problem :error="formError"></ef-problem>
        <div class="field-row">
          <div class="field"><label for="tenant-id">{{ t('admin.tenants.id') }}</label>
            <input id="tenant-id" v-model="form.id" required :aria-invalid="!!message('/id')" data-test="tenant-id" class="mono">
            <span v-if="message('/id')" class="field-error">{{ message('/id') }}</span></div>
          <div class="field"><label for="tenant-name">{{ t('admin.tenants.name') }}</label>
            <input id="tenant-name" v-model="form.displayName" required :aria-invalid="!!message('/displayName')" data-test="tenant-name">
            <span v-if="message('/displayName')" class="field-error">{{ message('/displayName') }}</span></div>
        </div>
        <button type="submit" class="primary" :disabled="saving" data-test="tenant-create">{{ saving ? t('common.saving') : t('common.create') }}</button>
      </form>
      <ef-problem :error="error"></ef-problem>
      <table class="grid" data-test="tenants">
        <thead><tr><th>{{ t('admin.tenants.id') }}</th><th>{{ t('admin.tenants.name') }}</th><th>{{ t('common.status') }}</th>
          <th>{{ t('admin.created') }}</th><th>{{ t('common.actions') }}</th></tr></thead>
        <tbody><tr v-for="tenant in items" :key="tenant.id" data-test="tenant-row" :data-id="tenant.id">
          <td class="mono">{{ tenant.id }}</td><td>{{ tenant.displayName }}</td><td><ef-status :value="tenant.status"></ef-status></td>
          <td>{{ dateTime(tenant.createdAt) }}</td>
          <td><button v-if="tenant.status !== 'disabled'" type="button" class="link danger" @click="setStatus(tenant, 'disabled')"
                      :aria-label="t('admin.tenants.disable') + ' ' + tenant.id">{{ t('admin.tenants.disable') }}</button>
            <button v-else type="button" class="link" @click="setStatus(tenant, 'active')"
                    :aria-label="t('admin.tenants.enable') + ' ' + tenant.id">{{ t('admin.tenants.enable') }}</button></td>
        </tr></tbody>
      </table>
    </div>`,
};
