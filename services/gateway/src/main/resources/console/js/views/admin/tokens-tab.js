// API tokens of the tenant: a name, a role and an expiry; the secret is shown once, at creation, and never again.
import { post, del, tenantPath } from '../../core/api.js';
import { listTab } from '../../core/list-tab.js';
import { t } from '../../core/i18n.js';
import { notify, confirmAction } from '../../core/notices.js';
import { dateTime } from '../../core/format.js';
import EfProblem from '../../components/problem.js';
import EfSecretOnce from './secret-once.js';

const DAY_MS = 24 * 3600 * 1000;

export default {
  name: 'TokensTab',
  components: { EfProblem, EfSecretOnce },
  mixins: [listTab(() => tenantPath('/tokens'))],
  data: () => ({ form: { name: '', role: 'viewer', days: 90 }, saving: false, secret: null }),
  setup: () => ({ t, dateTime }),
  methods: {
    async create() {
      this.saving = true;
      try {
        const created = await post(tenantPath('/tokens'), {
          name: this.form.name, role: this.form.role,
          expiresAt: new Date(Date.now() + Number(this.form.days) * DAY_MS).toISOString(),
        });
        this.secret = created.token;
        this.formError = null;
        this.form.name = '';
        await this.load();
      } catch (failure) {
        this.formError = failure;
      } finally {
        this.saving = false;
      }
    },
    async revoke(token) {
      if (!await confirmAction(t('admin.token.revoke-confirm', { name: token.name }), t('admin.revoke'))) return;
      try {
        await del(tenantPath(`/tokens/${encodeURIComponent(token.id)}`));
        notify(t('admin.revoked', { name: token.name }));
        await this.load();
      } catch (failure) {
        notify(failure.message, 'error');
      }
    },
    state(token) {
      if (token.revokedAt) return t('admin.state.revoked');
      return new Date(token.expiresAt) < new Date() ? t('admin.state.expired') : t('admin.state.active');
    },
  },
  template: `
    <div>
      <ef-secret-once v-if="secret" id="token-secret" :secret="secret" :label="t('admin.token.secret')" @done="secret = null"></ef-secret-once>
      <form class="card" @submit.prevent="create" data-test="token-form" novalidate>
        <h2>{{ t('admin.token.create') }}</h2>
        <ef-problem :error="formError"></ef-problem>
        <div class="field-row">
          <div class="field"><label for="token-name">{{ t('common.name') }}</label>
            <input id="token-name" v-model="form.name" required :aria-invalid="!!message('/name')" data-test="token-name">
            <span v-if="message('/name')" class="field-error">{{ message('/name') }}</span></div>
          <div class="field"><label for="token-role">{{ t('admin.role') }}</label>
            <select id="token-role" v-model="form.role" data-test="token-role">
              <option v-for="role in ['viewer', 'operator', 'tenant-admin']" :key="role" :value="role">{{ t('admin.role.' + role) }}</option>
            </select></div>
          <div class="field"><label for="token-days">{{ t('admin.token.days') }}</label>
            <input id="token-days" type="number" min="1" max="3650" v-model="form.days" :aria-invalid="!!message('/expiresAt')">
            <span v-if="message('/expiresAt')" class="field-error">{{ message('/expiresAt') }}</span></div>
        </div>
        <button type="submit" class="primary" :disabled="saving" data-test="token-create">{{ saving ? t('common.saving') : t('common.create') }}</button>
      </form>
      <ef-problem :error="error"></ef-problem>
      <table class="grid" data-test="tokens">
        <thead><tr><th>{{ t('common.name') }}</th><th>{{ t('admin.role') }}</th><th>{{ t('common.status') }}</th>
          <th>{{ t('admin.created') }}</th><th>{{ t('admin.expires') }}</th><th>{{ t('admin.created-by') }}</th><th>{{ t('common.actions') }}</th></tr></thead>
        <tbody><tr v-for="token in items" :key="token.id" data-test="token-row" :data-name="token.name">
          <td>{{ token.name }}</td><td>{{ t('admin.role.' + token.role) }}</td><td data-test="token-state">{{ state(token) }}</td>
          <td>{{ dateTime(token.createdAt) }}</td><td>{{ dateTime(token.expiresAt) }}</td><td class="mono">{{ token.createdBy || '—' }}</td>
          <td><button v-if="!token.revokedAt" type="button" class="link danger" @click="revoke(token)" data-test="token-revoke"
                      :aria-label="t('admin.revoke') + ' ' + token.name">{{ t('admin.revoke') }}</button></td>
        </tr></tbody>
      </table>
      <p v-if="!items.length" class="muted">{{ t('common.empty') }}</p>
    </div>`,
};
