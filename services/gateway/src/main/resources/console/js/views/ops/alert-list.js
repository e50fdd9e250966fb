// Firing or resolved alerts, newest first, with "load more" over the API's cursor. alert.firing and alert.resolved
// events reload the first page (coalesced), so an alert appears and moves to resolved without a reload.
import { get, tenantPath, query } from '../../core/api.js';
import { t } from '../../core/i18n.js';
import { onEvents } from '../../core/events.js';
import { dateTime, labelText } from '../../core/format.js';
import EfProblem from '../../components/problem.js';
import EfStatus from '../../components/status-badge.js';

const PAGE = 50;
const COALESCE_MS = 1000;
const SHOWN_LABELS = ['alertname', 'rule', 'severity', 'tenant'];

export default {
  name: 'AlertList',
  components: { EfProblem, EfStatus },
  props: { state: { type: String, required: true } },
  data: () => ({ items: [], next: null, error: null, loading: false }),
  setup: () => ({ t, dateTime }),
  async mounted() {
    this.stop = onEvents(['alert.'], () => this.scheduleReload());
    await this.load();
  },
  beforeUnmount() {
    this.stop?.();
    clearTimeout(this.timer);
  },
  methods: {
    scheduleReload() {
      if (this.timer) return;
      this.timer = setTimeout(() => { this.timer = null; this.load(); }, COALESCE_MS);
    },
    async load(more = false) {
      this.loading = true;
      try {
        const page = await get(tenantPath(`/alerts${query({ state: this.state, limit: PAGE, cursor: more ? this.next : '' })}`));
        this.items = more ? [...this.items, ...(page.items || [])] : page.items || [];
        this.next = page.next || null;
        this.error = null;
      } catch (failure) {
        this.error = failure;
      } finally {
        this.loading = false;
      }
    },
    where(alert) {
      const labels = Object.fromEntries(Object.entries(alert.labels || {}).filter(([k]) => !SHOWN_LABELS.includes(k)));
      return labelText(labels) || '—';
    },
  },
  template: `
    <div>
      <div class="toolbar"><span class="spacer"></span>
        <button type="button" @click="load()" :disabled="loading" data-test="alerts-refresh">{{ t('common.refresh') }}</button></div>
      <ef-problem :error="error"></ef-problem>
      <table class="grid" v-if="items.length" :data-test="'alerts-' + state">
        <thead><tr><th>{{ t('ops.alert.name') }}</th><th>{{ t('common.status') }}</th><th>{{ t('ops.alert.severity') }}</th>
          <th>{{ t('ops.alert.where') }}</th><th>{{ t('ops.alert.value') }}</th><th>{{ t('ops.alert.since') }}</th>
          <th v-if="state === 'resolved'">{{ t('ops.alert.resolved-at') }}</th></tr></thead>
        <tbody><tr v-for="alert in items" :key="alert.id" data-test="alert-row" :data-rule="alert.rule && alert.rule.id">
          <td>{{ alert.rule ? alert.rule.name : alert.id }}
            <span v-if="alert.silenced" class="status idle" data-test="silenced">{{ t('ops.alert.silenced') }}</span>
            <div v-if="alert.annotations && alert.annotations.summary" class="hint">{{ alert.annotations.summary }}</div></td>
          <td><ef-status :value="alert.state"></ef-status></td>
          <td>{{ t('ops.severity.' + alert.severity) }}</td>
          <td class="mono">{{ where(alert) }}</td>
          <td>{{ alert.value }}</td>
          <td>{{ dateTime(alert.firedAt || alert.activeSince) }}</td>
          <td v-if="state === 'resolved'">{{ dateTime(alert.resolvedAt) }} <span class="hint">{{ alert.reason }}</span></td>
        </tr></tbody>
      </table>
      <p v-else-if="!loading" class="muted" data-test="alerts-empty">{{ t(state === 'firing' ? 'ops.alert.none-firing' : 'common.empty') }}</p>
      <div class="pager" v-if="next"><button type="button" @click="load(true)" :disabled="loading" data-test="alerts-more">{{ t('ops.more') }}</button></div>
    </div>`,
};
