// Logs: search the lines the agents shipped (newest first, "load more" over the cursor) or follow them live.
// The live tail is the gateway's SSE stream; it replays nothing, so it starts empty and keeps the last lines only.
import { get, tenantPath, query } from '../../core/api.js';
import { t } from '../../core/i18n.js';
import { dateTime } from '../../core/format.js';
import { openStream } from '../../components/sse-over-fetch.js';
import EfProblem from '../../components/problem.js';

const PAGE = 200;
const TAIL_KEEP = 1000;

function iso(local) {
  return local ? new Date(local).toISOString() : '';
}

export default {
  name: 'LogsView',
  components: { EfProblem },
  data: () => ({
    filter: { endpoint: '', container: '', app: '', q: '', from: '', to: '' },
    lines: [], next: null, searched: false, loading: false, error: null,
    live: false, tailState: 'off', tail: [], tailError: null,
  }),
  setup: () => ({ t, dateTime }),
  beforeUnmount() { this.stopTail(); },
  methods: {
    params(cursor) {
      const f = this.filter;
      return query({ endpoint: f.endpoint.trim(), container: f.container.trim(), app: f.app.trim(), q: f.q,
        from: iso(f.from), to: iso(f.to), limit: PAGE, cursor });
    },
    async search(more = false) {
      this.loading = true;
      this.tail = [];
      try {
        const page = await get(tenantPath(`/logs${this.params(more ? this.next : '')}`));
        this.lines = more ? [...this.lines, ...(page.lines || [])] : page.lines || [];
        this.next = page.next || null;
        this.error = null;
        this.searched = true;
      } catch (failure) {
        this.error = failure;
      } finally {
        this.loading = false;
      }
    },
    toggleTail() {
      if (this.live) this.stopTail();
      else this.startTail();
    },
    startTail() {
      this.live = true;
      this.tail = [];
      this.tailError = null;
      this.tailState = 'connecting';
      const f = this.filter;
      this.stream = openStream(tenantPath(`/logs/stream${query({ endpoint: f.endpoint.trim(), container: f.container.trim() })}`), {
        onOpen: () => { this.tailState = 'on'; },
        onMessage: (message) => this.received(message),
        onEnd: (failure) => {
          this.live = false;
          this.tailState = 'off';
          this.tailError = failure ? { status: failure.status, message: failure.message } : { message: t('ops.logs.tail-ended') };
        },
      });
    },
    stopTail() {
      this.stream?.close();
      this.stream = null;
      this.live = false;
      this.tailState = 'off';
    },
    received(message) {
      if (message.event !== 'logs' || !message.data?.lines) return;
      const { app, q } = this.filter;
      const fresh = message.data.lines
        .filter((line) => (!app || line.app === app) && (!q || String(line.text).toLowerCase().includes(q.toLowerCase())))
        .map((line) => ({ ...line, endpoint: message.data.endpoint }));
      this.tail = [...fresh.reverse(), ...this.tail].slice(0, TAIL_KEEP);
    },
  },
  computed: {
    shown() { return this.live || this.tail.length ? this.tail : this.lines; },
  },
  template: `
    <section class="ops-logs">
      <h1>{{ t('ops.logs') }}</h1>
      <form class="card log-filter" @submit.prevent="search()" data-test="log-search">
        <div class="field-row">
          <div class="field"><label for="log-endpoint">{{ t('ops.logs.endpoint') }}</label>
            <input id="log-endpoint" v-model="filter.endpoint" placeholder="ep-…" data-test="log-endpoint"
                   :aria-invalid="!!(error && /endpoint/.test(error.message))"></div>
          <div class="field"><label for="log-container">{{ t('ops.logs.container') }}</label>
            <input id="log-container" v-model="filter.container" data-test="log-container"></div>
          <div class="field"><label for="log-app">{{ t('ops.logs.app') }}</label>
            <input id="log-app" v-model="filter.app" data-test="log-app"></div>
        </div>
        <div class="field-row">
          <div class="field"><label for="log-q">{{ t('ops.logs.text') }}</label>
            <input id="log-q" v-model="filter.q" type="search" data-test="log-q"></div>
          <div class="field"><label for="log-from">{{ t('ops.logs.from') }}</label>
            <input id="log-from" type="datetime-local" v-model="filter.from"></div>
          <div class="field"><label for="log-to">{{ t('ops.logs.to') }}</label>
            <input id="log-to" type="datetime-local" v-model="filter.to"></div>
        </div>
        <div class="toolbar">
          <button type="submit" class="primary" :disabled="loading || live" data-test="log-search-submit">
            {{ loading ? t('common.loading') : t('common.search') }}</button>
          <button type="button" :aria-pressed="live" @click="toggleTail" data-test="log-tail">
            {{ live ? t('ops.logs.tail-stop') : t('ops.logs.tail-start') }}</button>
          <span class="hint" role="status" data-test="tail-state">{{ t('ops.logs.tail-' + tailState) }}</span>
        </div>
      </form>
      <ef-problem :error="error"></ef-problem>
      <ef-problem :error="tailError"></ef-problem>
      <table class="grid logs" v-if="shown.length" data-test="log-lines">
        <thead><tr><th>{{ t('ops.logs.time') }}</th><th>{{ t('ops.logs.endpoint') }}</th><th>{{ t('ops.logs.container') }}</th>
          <th>{{ t('ops.logs.stream') }}</th><th>{{ t('ops.logs.line') }}</th></tr></thead>
        <tbody><tr v-for="(line, index) in shown" :key="index" data-test="log-line">
          <td class="nowrap">{{ dateTime(line.at) }}</td><td class="mono">{{ line.endpoint }}</td>
          <td class="mono">{{ line.container }}<span v-if="line.app" class="hint"> ({{ line.app }})</span></td>
          <td>{{ line.stream }}</td><td class="mono log-text">{{ line.text }}</td></tr></tbody>
      </table>
      <p v-else-if="searched && !live" class="muted" data-test="log-empty">{{ t('ops.logs.none') }}</p>
      <div class="pager" v-if="next && !live && !tail.length">
        <button type="button" @click="search(true)" :disabled="loading" data-test="log-more">{{ t('ops.more') }}</button></div>
    </section>`,
};
