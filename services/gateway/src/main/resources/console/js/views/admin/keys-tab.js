// Integration keys (registry webhooks, CI): a name and an optional expiry; the secret is shown once, at creation.
import { post, del, tenantPath } from '../../core/api.js';
import { listTab } from '../../core/list-tab.js';
import { t } from '../../core/i18n.js';
import { session } from '../../core/session.js';
import { notify, confirmAction } from '../../core/notices.js';
import { dateTime } from '../../core/format.js';
import EfProblem from '../../components/problem.js';
import EfSecretOnce from './secret-once.js';

export default {
  name: 'KeysTab',
  components: { EfProblem, EfSecretOnce },
  mixins: [listTab(() => tenantPath('/integration-keys'))],
  data: () => ({ name: '', expires: '', saving: false, secret: null }),
  setup: () => ({ t, dateTime, session }),
  methods: {
    async create() {
      this.saving = true;
      try {
        const body = { name: this.name };
        if (this.expires) body.expiresAt = new Date(this.expires).toISOString();
        const created = await post(tenantPath('/integration-keys'), body);
        this.secret = created.secret;
        this.formError = null;
        this.name = '';
        await this.load();
      } catch (failure) {
        this.formError = failure;
      } finally {
        this.saving = false;
      }
    },
    async revoke(key) {
      if (!await confirmAction(t('admin.key.revoke-confirm', { name: key.name }), t('admin.revoke'))) return;
      try {
        await del(tenantPath(`/integration-keys/${encodeURIComponent(key.id)}`));
        notify(t('admin.revoked', { name: key.name }));
        await this.load();
      } catch (failure) {
        notify(failure.message, 'error');
      }
    },
  },
  template: `
    <div>
      <ef-secret-once v-if="secret" id="key-secret" :secret="secret" :label="t('admin.key.secret')" @done="secret = null"></ef-secret-once>
      <form v-if="session.can('tenant-admin')" class="card" @submit.prevent="create" data-test="key-form" novalidate>
        <h2>{{ t('admin.key.create') }}</h2>
        <ef-problem :error="formError"></ef-problem>
        <div class="field-row">
          <div class="field"><label for="key-name">{{ t('common.name') }}</label>
            <input id="key-name" v-model="name" required :aria-invalid="!!message('/name')" data-test="key-name">
            <span v-if="message('/name')" class="field-error">{{ message('/name') }}</span></div>
          <div class="field"><label for="key-expires">{{ t('admin.key.expires') }}</label>
            <input id="key-expires" type="datetime-local" v-model="expires" :aria-invalid="!!message('/expiresAt')">
            <span v-if="message('/expiresAt')" class="field-error">{{ message('/expiresAt') }}</span></div>
        </div>
        <button type="submit" class="primary" :disabled="saving" data-test="key-create">{{ saving ? t('common.saving') : t('common.create') }}</button>
      </form>
      <ef-problem :error="error"></ef-problem>
      <table class="grid" data-test="keys">
        <thead><tr><th>{{ t('common.name') }}</th><th>{{ t('admin.key.username') }}</th><th>{{ t('admin.created') }}</th>
          <th>{{ t('admin.expires') }}</th><th>{{ t('admin.created-by') }}</th><th v-if="session.can('tenant-admin')">{{ t('common.actions') }}</th></tr></thead>
        <tbody><tr v-for="key in items" :key="key.id" data-test="key-row">
          <td>{{ key.name }}</td><td class="mono">{{ key.username }}</td><td>{{ dateTime(key.createdAt) }}</td>
          <td>{{ key.expiresAt ? dateTime(key.expiresAt) : t('admin.never') }}</td><td class="mono">{{ key.createdBy }}</td>
          <td v-if="session.can('tenant-admin')"><button type="button" class="link danger" @click="revoke(key)"
              :aria-label="t('admin.revoke') + ' ' + key.name">{{ t('admin.revoke') }}</button></td>
        </tr></tbody>
      </table>
      <p v-if="!items.length" class="muted">{{ t('common.empty') }}</p>
    </div>`,
};
