// The deliveries of a webhook subscription or a notification channel (newest first), with redeliver.
// base: the subscription's or channel's path, e.g. tenantPath('/event-subscriptions/' + id).
import { get, post, query } from '../../core/api.js';
import { t } from '../../core/i18n.js';
import { notify } from '../../core/notices.js';
import { dateTime } from '../../core/format.js';
import EfModal from '../../components/modal.js';
import EfProblem from '../../components/problem.js';
import EfStatus from '../../components/status-badge.js';

export default {
  name: 'DeliveriesDialog',
  components: { EfModal, EfProblem, EfStatus },
  props: { base: { type: String, required: true }, title: { type: String, required: true } },
  emits: ['close'],
  data: () => ({ items: [], status: '', error: null, loading: false }),
  setup: () => ({ t, dateTime }),
  mounted() { this.load(); },
  watch: { status() { this.load(); } },
  methods: {
    async load() {
      this.loading = true;
      try {
        this.items = (await get(`${this.base}/deliveries${query({ status: this.status, limit: 50 })}`)).items || [];
        this.error = null;
      } catch (failure) {
        this.error = failure;
      } finally {
        this.loading = false;
      }
    },
    async redeliver(delivery) {
      try {
        await post(`${this.base}/deliveries/${encodeURIComponent(delivery.id)}/redeliver`);
        notify(t('admin.delivery.queued'));
        await this.load();
      } catch (failure) {
        notify(failure.message, 'error');
      }
    },
  },
  template: `
    <ef-modal :open="true" :title="title" wide @close="$emit('close')">
      <div class="toolbar"><label for="delivery-status">{{ t('common.status') }}</label>
        <select id="delivery-status" v-model="status">
          <option value="">{{ t('admin.delivery.any') }}</option>
          <option v-for="s in ['pending', 'delivered', 'dead']" :key="s" :value="s">{{ t('admin.delivery.' + s) }}</option></select>
        <span class="spacer"></span><button type="button" @click="load" :disabled="loading">{{ t('common.refresh') }}</button></div>
      <ef-problem :error="error"></ef-problem>
      <table class="grid" v-if="items.length" data-test="deliveries">
        <thead><tr><th>{{ t('admin.created') }}</th><th>{{ t('common.status') }}</th><th>{{ t('admin.delivery.attempts') }}</th>
          <th>{{ t('admin.delivery.last') }}</th><th>{{ t('common.actions') }}</th></tr></thead>
        <tbody><tr v-for="d in items" :key="d.id">
          <td>{{ dateTime(d.createdAt) }}</td><td><ef-status :value="d.status"></ef-status></td>
          <td>{{ d.attempts }}/{{ d.maxAttempts }}</td>
          <td>{{ d.lastStatus || '' }} <span class="hint">{{ d.lastError || '' }}</span></td>
          <td><button type="button" class="link" @click="redeliver(d)" :aria-label="t('admin.delivery.redeliver') + ' ' + dateTime(d.createdAt)">
            {{ t('admin.delivery.redeliver') }}</button></td></tr></tbody>
      </table>
      <p v-else-if="!loading" class="muted">{{ t('common.empty') }}</p>
    </ef-modal>`,
};
