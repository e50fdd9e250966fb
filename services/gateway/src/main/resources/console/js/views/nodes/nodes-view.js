// The tenant's edge nodes: a dense table filtered by label selector, status and name, paged with the total. The
// filters live in the route's query (so the overview can link to /nodes?status=online and a reload keeps them);
// the table follows the live endpoint events without a reload.
import { get, tenantPath, query } from '../../core/api.js';
import { t } from '../../core/i18n.js';
import { session } from '../../core/session.js';
import { route, href, navigate } from '../../core/router.js';
import { onEvents } from '../../core/events.js';
import { ago, bytes, dateTime } from '../../core/format.js';
import EfProblem from '../../components/problem.js';
import EfStatus from '../../components/status-badge.js';
import EfPager from '../../components/pager.js';
import NodeDialogs from './node-dialogs.js';

const PAGE_SIZE = 20;
const RELOAD_COALESCE_MS = 1000;
const STATUSES = ['online', 'offline', 'pending'];

export default {
  name: 'NodesView',
  components: { EfProblem, EfStatus, EfPager, NodeDialogs },
  data: () => ({
    items: [], total: 0, loading: false, loaded: false, error: null,
    form: { selector: '', status: '', nameContains: '' }, now: Date.now(),
  }),
  setup: () => ({ t, href, session, route, ago, bytes, dateTime, STATUSES, PAGE_SIZE }),
  computed: {
    page() { return Math.max(1, Number.parseInt(route.query.page, 10) || 1); },
    filters() {
      return { selector: route.query.selector || '', status: route.query.status || '', nameContains: route.query.name || '' };
    },
    operator() { return session.can('operator'); },
  },
  watch: {
    filters: { handler(now) { this.form = { ...now }; }, immediate: true },
    'route.query': { handler() { this.load(); }, deep: true },
  },
  async mounted() {
    this.stop = onEvents(['endpoint.'], () => this.scheduleReload());
    this.clock = setInterval(() => { this.now = Date.now(); }, 10000);
    await this.load();
  },
  beforeUnmount() {
    this.stop?.();
    clearTimeout(this.reloadTimer);
    clearInterval(this.clock);
  },
  methods: {
    t,
    scheduleReload() {
      if (this.reloadTimer) return;
      this.reloadTimer = setTimeout(() => { this.reloadTimer = null; this.load(); }, RELOAD_COALESCE_MS);
    },
    async load() {
      if (route.name !== 'nodes') return;
      this.loading = true;
      try {
        const result = await get(tenantPath(`/endpoints${query({
          status: this.filters.status, selector: this.filters.selector, nameContains: this.filters.nameContains,
          page: this.page, size: PAGE_SIZE,
        })}`));
        this.items = result.items || [];
        this.total = result.total || 0;
        this.error = null;
      } catch (failure) {
        this.error = failure;
      } finally {
        this.loading = false;
        this.loaded = true;
      }
    },
    go(filters, page = 1) {
      navigate(`/nodes${query({ selector: filters.selector, status: filters.status, name: filters.nameContains,
        page: page > 1 ? page : '' })}`);
    },
    apply() { this.go(this.form); },
    pickStatus(event) { this.go({ ...this.form, status: event.target.value }); },
    clear() { this.go({}); },
    toPage(page) { this.go(this.filters, page); },
    labelPairs(labels) { return Object.entries(labels || {}); },
  },
  template: `
    <section class="nodes">
      <div class="toolbar">
        <h1>{{ t('nodes.title') }}</h1>
        <span class="spacer"></span>
        <button v-if="operator" type="button" class="primary" data-test="node-add" @click="$refs.dialogs.add()">
          + {{ t('nodes.add') }}</button>
      </div>
      <form class="filters" @submit.prevent="apply" data-test="node-filters">
        <div class="field">
          <label for="nodes-selector">{{ t('nodes.filter.selector') }}</label>
          <input id="nodes-selector" v-model.trim="form.selector" :placeholder="t('nodes.filter.selector-hint')"
                 data-test="filter-selector" autocomplete="off" :aria-invalid="error && error.status === 400 ? 'true' : null">
        </div>
        <div class="field">
          <label for="nodes-status">{{ t('nodes.filter.status') }}</label>
          <select id="nodes-status" v-model="form.status" data-test="filter-status" @change="pickStatus">
            <option value="">{{ t('nodes.filter.any') }}</option>
            <option v-for="status in STATUSES" :key="status" :value="status">{{ t('status.' + status) }}</option>
          </select>
        </div>
        <div class="field">
          <label for="nodes-name">{{ t('nodes.filter.name') }}</label>
          <input id="nodes-name" v-model.trim="form.nameContains" data-test="filter-name" autocomplete="off">
        </div>
        <div class="buttons">
          <button type="submit" data-test="filter-apply">{{ t('nodes.filter.apply') }}</button>
          <button type="button" class="link" data-test="filter-clear" @click="clear">{{ t('nodes.filter.clear') }}</button>
        </div>
      </form>
      <ef-problem :error="error"></ef-problem>
      <table class="grid" data-test="nodes-table" :aria-busy="loading ? 'true' : 'false'">
        <thead><tr>
          <th>{{ t('nodes.name') }}</th><th>{{ t('common.status') }}</th><th>{{ t('nodes.labels') }}</th>
          <th class="num">{{ t('nodes.cpu') }}</th><th class="num">{{ t('nodes.memory') }}</th>
          <th>{{ t('nodes.agent') }}</th><th>{{ t('nodes.last-seen') }}</th>
          <th v-if="operator">{{ t('common.actions') }}</th>
        </tr></thead>
        <tbody>
          <tr v-for="node in items" :key="node.id" data-test="node-row" :data-node="node.name" :data-id="node.id">
            <td><a :href="href('/nodes/' + node.id)" data-test="node-link">{{ node.name }}</a></td>
            <td><ef-status :value="node.status" data-test="node-status"></ef-status>
              <small v-if="node.statusSince" class="muted" :title="dateTime(node.statusSince)">
                {{ t('nodes.since', { when: ago(node.statusSince, now) }) }}</small></td>
            <td class="labels"><span v-for="[key, value] in labelPairs(node.labels)" :key="key">{{ key }}={{ value }}</span></td>
            <td class="num">{{ node.facts?.cpuCores ?? '—' }}</td>
            <td class="num">{{ node.facts ? bytes(node.facts.memoryBytes) : '—' }}</td>
            <td>{{ node.agentVersion || '—' }}</td>
            <td :title="dateTime(node.lastSeenAt)">{{ ago(node.lastSeenAt, now) }}</td>
            <td v-if="operator" class="row-actions">
              <button type="button" class="link" data-test="node-edit" @click="$refs.dialogs.edit(node)"
                      :aria-label="t('nodes.edit-labels') + ' ' + node.name">{{ t('nodes.edit-labels') }}</button>
              <button type="button" class="link" data-test="node-rotate" @click="$refs.dialogs.rotate(node)"
                      :aria-label="t('nodes.rotate') + ' ' + node.name">{{ t('nodes.rotate') }}</button>
              <button type="button" class="link danger" data-test="node-delete" @click="$refs.dialogs.remove(node)"
                      :aria-label="t('common.delete') + ' ' + node.name">{{ t('common.delete') }}</button>
            </td>
          </tr>
          <tr v-if="loaded && !items.length && !error"><td :colspan="operator ? 8 : 7" class="muted">{{ t('nodes.none') }}</td></tr>
        </tbody>
      </table>
      <ef-pager :total="total" :page="page" :size="PAGE_SIZE" @update:page="toPage"></ef-pager>
      <node-dialogs ref="dialogs" @changed="load" @deleted="load"></node-dialogs>
    </section>`,
};
