// Webhook event subscriptions: a URL receives the tenant's events whose type starts with one of the prefixes,
// signed with a secret shown once at creation. Edit (PATCH keeps the secret), delete, deliveries with redeliver.
import { post, patch, tenantPath } from '../../core/api.js';
import { listTab } from '../../core/list-tab.js';
import { confirmAndDelete } from '../../core/actions.js';
import { t } from '../../core/i18n.js';
import { notify } from '../../core/notices.js';
import EfProblem from '../../components/problem.js';
import EfModal from '../../components/modal.js';
import EfSecretOnce from './secret-once.js';
import DeliveriesDialog from './deliveries-dialog.js';

const blank = () => ({ url: '', types: '', description: '', enabled: true });

export default {
  name: 'SubscriptionsTab',
  components: { EfProblem, EfModal, EfSecretOnce, DeliveriesDialog },
  mixins: [listTab(() => tenantPath('/event-subscriptions'))],
  data: () => ({ editing: null, form: blank(), saving: false, secret: null, deliveries: null }),
  setup: () => ({ t, tenantPath }),
  methods: {
    open(subscription) {
      this.editing = subscription || {};
      this.form = subscription ? { ...subscription, types: (subscription.types || []).join(' ') } : blank();
      this.formError = null;
    },
    async save() {
      this.saving = true;
      const body = { url: this.form.url.trim(), types: this.form.types.split(/[\s,]+/).filter(Boolean),
        description: this.form.description, enabled: this.form.enabled };
      try {
        if (this.editing.id) {
          await patch(tenantPath(`/event-subscriptions/${encodeURIComponent(this.editing.id)}`), body);
        } else {
          this.secret = (await post(tenantPath('/event-subscriptions'), body)).secret;
        }
        notify(t('common.saved', { name: body.url }));
        this.editing = null;
        await this.load();
      } catch (failure) {
        this.formError = failure;
      } finally {
        this.saving = false;
      }
    },
    async remove(subscription) {
      if (await confirmAndDelete(t('admin.sub.delete-confirm', { url: subscription.url }),
        tenantPath(`/event-subscriptions/${encodeURIComponent(subscription.id)}`), subscription.url)) await this.load();
    },
  },
  template: `
    <div>
      <ef-secret-once v-if="secret" id="sub-secret" :secret="secret" :label="t('admin.sub.secret')" @done="secret = null"></ef-secret-once>
      <div class="toolbar"><button type="button" class="primary" @click="open(null)" data-test="sub-create">{{ t('admin.sub.create') }}</button></div>
      <ef-problem :error="error"></ef-problem>
      <table class="grid" data-test="subscriptions">
        <thead><tr><th>URL</th><th>{{ t('admin.sub.types') }}</th><th>{{ t('admin.sub.description') }}</th>
          <th>{{ t('ops.rule.enabled') }}</th><th>{{ t('common.actions') }}</th></tr></thead>
        <tbody><tr v-for="s in items" :key="s.id" data-test="sub-row">
          <td class="mono">{{ s.url }}</td><td class="mono">{{ (s.types || []).join(' ') || t('admin.sub.all') }}</td>
          <td>{{ s.description }}</td><td>{{ s.enabled ? t('ops.yes') : t('ops.no') }}</td>
          <td><button type="button" class="link" @click="open(s)" :aria-label="t('common.edit') + ' ' + s.url">{{ t('common.edit') }}</button>
            <button type="button" class="link" @click="deliveries = s" :aria-label="t('admin.delivery.title') + ' ' + s.url">{{ t('admin.delivery.title') }}</button>
            <button type="button" class="link danger" @click="remove(s)" :aria-label="t('common.delete') + ' ' + s.url">{{ t('common.delete') }}</button></td>
        </tr></tbody>
      </table>
      <p v-if="!items.length" class="muted">{{ t('common.empty') }}</p>
      <ef-modal v-if="editing" :open="true" :title="editing.id ? t('admin.sub.edit') : t('admin.sub.create')" @close="editing = null">
        <form @submit.prevent="save" data-test="sub-form" novalidate>
          <ef-problem :error="formError"></ef-problem>
          <div class="field"><label for="sub-url">URL</label>
            <input id="sub-url" type="url" v-model="form.url" required :aria-invalid="!!message('/url')" data-test="sub-url">
            <span v-if="message('/url')" class="field-error">{{ message('/url') }}</span></div>
          <div class="field"><label for="sub-types">{{ t('admin.sub.types') }}</label>
            <input id="sub-types" v-model="form.types" placeholder="endpoint. alert.firing" :aria-invalid="!!message('/types')" data-test="sub-types">
            <span class="hint">{{ t('admin.sub.types-hint') }}</span>
            <span v-if="message('/types')" class="field-error">{{ message('/types') }}</span></div>
          <div class="field"><label for="sub-description">{{ t('admin.sub.description') }}</label>
            <input id="sub-description" v-model="form.description"></div>
          <label class="inline"><input type="checkbox" v-model="form.enabled"> {{ t('ops.rule.enabled') }}</label>
          <div class="buttons"><button type="submit" class="primary" :disabled="saving" data-test="sub-save">{{ saving ? t('common.saving') : t('common.save') }}</button>
            <button type="button" @click="editing = null">{{ t('common.cancel') }}</button></div>
        </form>
      </ef-modal>
      <deliveries-dialog v-if="deliveries" :base="tenantPath('/event-subscriptions/' + deliveries.id)" :title="t('admin.delivery.title') + ': ' + deliveries.url"
                         @close="deliveries = null"></deliveries-dialog>
    </div>`,
};
