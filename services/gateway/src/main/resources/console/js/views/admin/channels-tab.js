// Notification channels for alerts: a webhook (signed with a secret shown once) or an Alertmanager. Rules without
// channels of their own notify the default ones. Edit replaces the channel (PUT); a stored secret is never shown.
import { post, put, tenantPath } from '../../core/api.js';
import { listTab } from '../../core/list-tab.js';
import { confirmAndDelete } from '../../core/actions.js';
import { t } from '../../core/i18n.js';
import { notify } from '../../core/notices.js';
import EfProblem from '../../components/problem.js';
import EfModal from '../../components/modal.js';
import EfSecretOnce from './secret-once.js';
import DeliveriesDialog from './deliveries-dialog.js';

const blank = () => ({ name: '', kind: 'webhook', url: '', default: true });

export default {
  name: 'ChannelsTab',
  components: { EfProblem, EfModal, EfSecretOnce, DeliveriesDialog },
  mixins: [listTab(() => tenantPath('/notification-channels'))],
  data: () => ({ editing: null, form: blank(), saving: false, secret: null, deliveries: null }),
  setup: () => ({ t, tenantPath }),
  methods: {
    open(channel) {
      this.editing = channel || {};
      this.form = channel ? { name: channel.name, kind: channel.kind, url: channel.url, default: channel.default } : blank();
      this.formError = null;
    },
    async save() {
      this.saving = true;
      const body = { name: this.form.name.trim(), kind: this.form.kind, url: this.form.url.trim(), default: this.form.default };
      try {
        const saved = this.editing.id
          ? await put(tenantPath(`/notification-channels/${encodeURIComponent(this.editing.id)}`), body)
          : await post(tenantPath('/notification-channels'), body);
        if (saved.secret) this.secret = saved.secret;
        notify(t('common.saved', { name: body.name }));
        this.editing = null;
        await this.load();
      } catch (failure) {
        this.formError = failure;
      } finally {
        this.saving = false;
      }
    },
    async remove(channel) {
      if (await confirmAndDelete(t('admin.channel.delete-confirm', { name: channel.name }),
        tenantPath(`/notification-channels/${encodeURIComponent(channel.id)}`), channel.name)) await this.load();
    },
  },
  template: `
    <div>
      <ef-secret-once v-if="secret" id="channel-secret" :secret="secret" :label="t('admin.channel.secret')" @done="secret = null"></ef-secret-once>
      <div class="toolbar"><button type="button" class="primary" @click="open(null)" data-test="channel-create">{{ t('admin.channel.create') }}</button></div>
      <ef-problem :error="error"></ef-problem>
      <table class="grid" data-test="channels">
        <thead><tr><th>{{ t('common.name') }}</th><th>{{ t('admin.channel.kind') }}</th><th>URL</th><th>{{ t('admin.channel.default') }}</th>
          <th>{{ t('common.actions') }}</th></tr></thead>
        <tbody><tr v-for="c in items" :key="c.id" data-test="channel-row">
          <td>{{ c.name }}</td><td>{{ c.kind }}</td><td class="mono">{{ c.url }}</td><td>{{ c.default ? t('ops.yes') : t('ops.no') }}</td>
          <td><button type="button" class="link" @click="open(c)" :aria-label="t('common.edit') + ' ' + c.name">{{ t('common.edit') }}</button>
            <button type="button" class="link" @click="deliveries = c" :aria-label="t('admin.delivery.title') + ' ' + c.name">{{ t('admin.delivery.title') }}</button>
            <button type="button" class="link danger" @click="remove(c)" :aria-label="t('common.delete') + ' ' + c.name">{{ t('common.delete') }}</button></td>
        </tr></tbody>
      </table>
      <p v-if="!items.length" class="muted">{{ t('common.empty') }}</p>
      <ef-modal v-if="editing" :open="true" :title="editing.id ? t('admin.channel.edit') : t('admin.channel.create')" @close="editing = null">
        <form @submit.prevent="save" data-test="channel-form" novalidate>
          <ef-problem :error="formError"></ef-problem>
          <div class="field"><label for="channel-name">{{ t('common.name') }}</label>
            <input id="channel-name" v-model="form.name" required :aria-invalid="!!message('/name')" data-test="channel-name">
            <span v-if="message('/name')" class="field-error">{{ message('/name') }}</span></div>
          <div class="field"><label for="channel-kind">{{ t('admin.channel.kind') }}</label>
            <select id="channel-kind" v-model="form.kind"><option value="webhook">webhook</option><option value="alertmanager">Alertmanager</option></select></div>
          <div class="field"><label for="channel-url">URL</label>
            <input id="channel-url" type="url" v-model="form.url" required :aria-invalid="!!message('/url')" data-test="channel-url">
            <span v-if="message('/url')" class="field-error">{{ message('/url') }}</span></div>
          <label class="inline"><input type="checkbox" v-model="form.default"> {{ t('admin.channel.default') }}</label>
          <p v-if="editing.id && form.kind === 'webhook'" class="hint">{{ t('admin.channel.secret-new') }}</p>
          <div class="buttons"><button type="submit" class="primary" :disabled="saving" data-test="channel-save">{{ saving ? t('common.saving') : t('common.save') }}</button>
            <button type="button" @click="editing = null">{{ t('common.cancel') }}</button></div>
        </form>
      </ef-modal>
      <deliveries-dialog v-if="deliveries" :base="tenantPath('/notification-channels/' + deliveries.id)" :title="t('admin.delivery.title') + ': ' + deliveries.name"
                         @close="deliveries = null"></deliveries-dialog>
    </div>`,
};
