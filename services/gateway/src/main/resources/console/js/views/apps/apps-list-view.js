// 应用: the tenant's apps with image, target, revision and the latest rollout's state and progress, kept
// current by app.* and rollout.* events (reloads coalesced to at most one a second).
import { get, tenantPath } from '../../core/api.js';
import { t } from '../../core/i18n.js';
import { session } from '../../core/session.js';
import { href } from '../../core/router.js';
import { onEvents } from '../../core/events.js';
import { dateTime } from '../../core/format.js';
import EfProblem from '../../components/problem.js';
import EfStatus from '../../components/status-badge.js';
import EfPager from '../../components/pager.js';
import { targetText, progress } from './app-text.js';

const PAGE_SIZE = 20;
const RELOAD_COALESCE_MS = 1000;

export default {
  name: 'AppsListView',
  components: { EfProblem, EfStatus, EfPager },
  data: () => ({ apps: [], rollouts: {}, error: null, loaded: false, page: 1, filter: '' }),
  setup: () => ({ t, session, href, dateTime, targetText, progress }),
  computed: {
    matching() {
      const words = this.filter.toLowerCase().split(/\s+/).filter(Boolean);
      return this.apps.filter((app) => words.every((w) => `${app.name} ${app.spec?.image}`.toLowerCase().includes(w)));
    },
    shown() { return this.matching.slice((this.page - 1) * PAGE_SIZE, this.page * PAGE_SIZE); },
    pageSize: () => PAGE_SIZE,
  },
  watch: { filter() { this.page = 1; } },
  async mounted() {
    this.stop = onEvents(['app.', 'rollout.'], () => this.scheduleReload());
    await this.load();
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
        const apps = (await get(tenantPath('/apps'))).items || [];
        const rollouts = await Promise.all(apps.map((app) =>
          get(tenantPath(`/apps/${encodeURIComponent(app.name)}/rollout`)).catch(() => null)));
        this.rollouts = Object.fromEntries(apps.map((app, i) => [app.name, rollouts[i]]));
        this.apps = apps.sort((a, b) => a.name.localeCompare(b.name));
        this.error = null;
      } catch (failure) {
        this.error = failure;
      }
      this.loaded = true;
    },
  },
  template: `
    <section class="apps-list">
      <h1>{{ t('apps.title') }}</h1>
      <div class="toolbar">
        <label for="apps-filter" class="sr-only">{{ t('apps.filter') }}</label>
        <input id="apps-filter" type="search" v-model="filter" :placeholder="t('apps.filter')" data-test="apps-filter">
        <a v-if="session.can('operator')" class="button primary" :href="href('/deploy')" data-test="deploy-app">{{ t('apps.deploy') }}</a>
        <a class="button" :href="href('/templates')">{{ t('apps.templates') }}</a>
      </div>
      <ef-problem :error="error"></ef-problem>
      <table class="grid" data-test="apps-table">
        <thead><tr><th>{{ t('common.name') }}</th><th>{{ t('apps.image') }}</th><th>{{ t('apps.target') }}</th>
          <th class="num">{{ t('apps.revision') }}</th><th>{{ t('apps.rollout') }}</th><th>{{ t('apps.progress') }}</th>
          <th>{{ t('apps.updated') }}</th></tr></thead>
        <tbody>
          <tr v-for="app in shown" :key="app.name" :data-app="app.name" data-test="app-row">
            <td><a :href="href('/apps/' + app.name)" data-test="app-link">{{ app.name }}</a></td>
            <td><code>{{ app.spec.image }}</code></td>
            <td>{{ targetText(app.target) }}</td>
            <td class="num">{{ app.revision }}</td>
            <td><ef-status v-if="rollouts[app.name]" :value="rollouts[app.name].state" data-test="rollout-state"></ef-status>
              <span v-else class="muted">—</span></td>
            <td><template v-if="rollouts[app.name]">
              <div class="progress" role="progressbar" :aria-label="t('apps.progress') + ' ' + app.name"
                   aria-valuemin="0" aria-valuemax="100" :aria-valuenow="progress(rollouts[app.name]).percent">
                <span :style="{ width: progress(rollouts[app.name]).percent + '%' }"></span></div>
              <small>{{ progress(rollouts[app.name]).text }}</small></template></td>
            <td>{{ dateTime(app.updatedAt) }}</td>
          </tr>
          <tr v-if="loaded && !shown.length"><td colspan="7" class="muted">{{ t('common.empty') }}</td></tr>
        </tbody>
      </table>
      <ef-pager :total="matching.length" :size="pageSize" v-model:page="page"></ef-pager>
    </section>`,
};
