// The tenant at a glance: nodes online and offline, firing alerts, rollouts in progress, recent events.
// The numbers follow the tenant's live events; a full reload happens at most every few seconds.
import { get, tenantPath, query } from '../../core/api.js';
import { t } from '../../core/i18n.js';
import { href } from '../../core/router.js';
import { onEvents } from '../../core/events.js';
import { dateTime } from '../../core/format.js';
import EfProblem from '../../components/problem.js';
import EfStatus from '../../components/status-badge.js';

const ACTIVE_ROLLOUTS = ['running', 'paused', 'awaiting-promotion'];
const RECENT_EVENTS = 15;
const RELOAD_COALESCE_MS = 1500;

export default {
  name: 'OverviewView',
  components: { EfProblem, EfStatus },
  data: () => ({
    nodes: { online: null, offline: null, pending: null }, alerts: [], rollouts: [], events: [], error: null,
  }),
  setup: () => ({ t, href, dateTime }),
  async mounted() {
    this.stop = onEvents(['endpoint.', 'alert.', 'rollout.', 'app.'], (event) => {
      this.events.unshift(event);
      this.events.splice(RECENT_EVENTS);
      this.scheduleReload();
    });
    await Promise.all([this.load(), this.loadEvents()]);
  },
  beforeUnmount() {
    this.stop?.();
    clearTimeout(this.reloadTimer);
  },
  methods: {
    scheduleReload() {
      if (this.reloadTimer) return;
      this.reloadTimer = setTimeout(() => { this.reloadTimer = null; this.load(); }, RELOAD_COALESCE_MS);
    },
    async load() {
      try {
        const counts = await Promise.all(['online', 'offline', 'pending'].map((status) =>
          get(tenantPath(`/endpoints${query({ status, size: 1 })}`)).then((page) => page.total)));
        this.nodes = { online: counts[0], offline: counts[1], pending: counts[2] };
        this.alerts = (await get(tenantPath('/alerts?state=firing&limit=20'))).items || [];
        const apps = ((await get(tenantPath('/apps'))).items || []).slice(0, 50);
        const rollouts = await Promise.all(apps.map((app) =>
          get(tenantPath(`/apps/${encodeURIComponent(app.name)}/rollout`)).catch(() => null)));
        this.rollouts = rollouts.filter((r) => r && ACTIVE_ROLLOUTS.includes(r.state));
        this.error = null;
      } catch (failure) {
        this.error = failure;
      }
    },
    async loadEvents() {
      try {
        const page = await get(tenantPath(`/events/log${query({ order: "newest", limit: RECENT_EVENTS })}`));
        const known = new Set(this.events.map((e) => e.id));
        this.events.push(...(page.events || []).filter((e) => !known.has(e.id)));
      } catch (failure) {
        this.error = failure;
      }
    },
    shortType(event) {
      return String(event.type || '').replace(/^io\.edgefleet\./, '').replace(/\.v\d+$/, '');
    },
    eventSubject(event) {
      const data = event.data || {};
      return data.name || data.endpointId || data.app || data.rule || data.id || event.subject || '';
    },
  },
  template: `
    <section class="overview">
      <h1>{{ t('nav.overview') }}</h1>
      <ef-problem :error="error"></ef-problem>
      <div class="tiles">
        <a class="tile good" :href="href('/nodes') + '?status=online'" data-test="tile-online">
          <strong>{{ nodes.online ?? '…' }}</strong><span>{{ t('overview.online') }}</span></a>
        <a class="tile bad" :href="href('/nodes') + '?status=offline'" data-test="tile-offline">
          <strong>{{ nodes.offline ?? '…' }}</strong><span>{{ t('overview.offline') }}</span></a>
        <a class="tile idle" :href="href('/nodes') + '?status=pending'" data-test="tile-pending">
          <strong>{{ nodes.pending ?? '…' }}</strong><span>{{ t('overview.pending') }}</span></a>
        <a class="tile bad" :href="href('/alerts')" data-test="tile-alerts">
          <strong>{{ alerts.length }}</strong><span>{{ t('overview.firing') }}</span></a>
        <a class="tile busy" :href="href('/apps')" data-test="tile-rollouts">
          <strong>{{ rollouts.length }}</strong><span>{{ t('overview.rollouts') }}</span></a>
      </div>
      <div class="columns">
        <section>
          <h2>{{ t('overview.firing') }}</h2>
          <table class="grid" v-if="alerts.length">
            <thead><tr><th>{{ t('overview.alert') }}</th><th>{{ t('overview.severity') }}</th><th>{{ t('overview.since') }}</th></tr></thead>
            <tbody><tr v-for="alert in alerts" :key="alert.id">
              <td>{{ alert.ruleName || alert.rule || alert.id }}</td><td>{{ alert.severity }}</td><td>{{ dateTime(alert.firingSince || alert.startsAt || alert.since) }}</td>
            </tr></tbody>
          </table>
          <p v-else class="muted">{{ t('overview.no-alerts') }}</p>
          <h2>{{ t('overview.rollouts') }}</h2>
          <table class="grid" v-if="rollouts.length">
            <thead><tr><th>{{ t('overview.app') }}</th><th>{{ t('common.status') }}</th><th>{{ t('overview.progress') }}</th></tr></thead>
            <tbody><tr v-for="rollout in rollouts" :key="rollout.id">
              <td><a :href="href('/apps/' + rollout.app)">{{ rollout.app }}</a></td>
              <td><ef-status :value="rollout.state"></ef-status></td>
              <td>{{ rollout.counts ? rollout.counts.succeeded + '/' + rollout.counts.total : '' }}</td>
            </tr></tbody>
          </table>
          <p v-else class="muted">{{ t('overview.no-rollouts') }}</p>
        </section>
        <section>
          <h2>{{ t('overview.events') }}</h2>
          <ol class="events" data-test="recent-events">
            <li v-for="event in events" :key="event.id"><time>{{ dateTime(event.time) }}</time>
              <code>{{ shortType(event) }}</code> {{ eventSubject(event) }}</li>
          </ol>
          <p v-if="!events.length" class="muted">{{ t('common.empty') }}</p>
        </section>
      </div>
    </section>`,
};
