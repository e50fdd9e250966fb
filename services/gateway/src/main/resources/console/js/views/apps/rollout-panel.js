// The app's latest rollout (GET .../rollout): state, strategy, counts and every endpoint's progress, updated on
// rollout.progressed; pause/resume/promote/abort appear only where the state allows them and the role is operator+.
import { get, post, tenantPath } from '../../core/api.js';
import { t } from '../../core/i18n.js';
import { session } from '../../core/session.js';
import { href } from '../../core/router.js';
import { onEvents } from '../../core/events.js';
import { dateTime } from '../../core/format.js';
import { confirmAction, notify } from '../../core/notices.js';
import EfProblem from '../../components/problem.js';
import EfStatus from '../../components/status-badge.js';
import { progress, allowedActions } from './app-text.js';

const RELOAD_COALESCE_MS = 1000;

export default {
  name: 'RolloutPanel',
  components: { EfProblem, EfStatus },
  props: { app: { type: String, required: true } },
  emits: ['changed'],
  data: () => ({ rollout: null, none: false, error: null, acting: null }),
  setup: () => ({ t, session, href, dateTime, progress }),
  computed: {
    actions() { return session.can('operator') ? allowedActions(this.rollout) : []; },
  },
  async mounted() {
    this.stop = onEvents(['rollout.', 'app.'], (event) => {
      if ((event.data?.app || event.data?.name || event.subject) === this.app) this.scheduleReload();
    });
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
        this.rollout = await get(tenantPath(`/apps/${encodeURIComponent(this.app)}/rollout`));
        this.none = false;
        this.error = null;
      } catch (failure) {
        if (failure.status === 404) { this.rollout = null; this.none = true; } else this.error = failure;
      }
    },
    async act(action) {
      if (action === 'abort' && !(await confirmAction(t('apps.rollout.confirm-abort', { name: this.app }), t('apps.action.abort')))) return;
      this.acting = action;
      try {
        this.rollout = await post(tenantPath(`/apps/${encodeURIComponent(this.app)}/rollout/${action}`));
        notify(t('apps.rollout.done', { action: t('apps.action.' + action), state: this.rollout.state }));
        this.error = null;
        this.$emit('changed');
      } catch (failure) {
        this.error = failure;
      } finally {
        this.acting = null;
      }
    },
  },
  template: `
    <section data-test="rollout-panel">
      <h2>{{ t('apps.rollout.latest') }}</h2>
      <ef-problem :error="error"></ef-problem>
      <p v-if="none" class="muted" data-test="no-rollout">{{ t('apps.rollout.none') }}</p>
      <template v-if="rollout">
        <dl class="facts">
          <dt>{{ t('common.status') }}</dt><dd><ef-status :value="rollout.state" data-test="rollout-state"></ef-status>
            <span v-if="rollout.phase === 'canary'" class="muted"> ({{ t('apps.rollout.canary-phase') }})</span></dd>
          <dt>{{ t('apps.revision') }}</dt><dd data-test="rollout-revision">{{ rollout.revision }}</dd>
          <dt>{{ t('apps.form.strategy') }}</dt><dd>{{ t('apps.strategy.' + (rollout.strategy?.strategy || 'all-at-once')) }}</dd>
          <dt>{{ t('apps.progress') }}</dt><dd data-test="rollout-progress">{{ progress(rollout).text }}</dd>
          <dt>{{ t('apps.rollout.reason') }}</dt><dd>{{ rollout.reason || '—' }}</dd>
          <dt>{{ t('apps.updated') }}</dt><dd>{{ dateTime(rollout.updatedAt) }}</dd>
        </dl>
        <div class="toolbar" v-if="actions.length">
          <button v-for="action in actions" :key="action" type="button" :class="{ danger: action === 'abort' }"
                  :disabled="Boolean(acting)" @click="act(action)" :data-test="'rollout-' + action">
            {{ acting === action ? t('apps.rollout.working') : t('apps.action.' + action) }}</button>
        </div>
        <table class="grid" data-test="rollout-endpoints">
          <thead><tr><th>{{ t('apps.rollout.endpoint') }}</th><th>{{ t('common.status') }}</th><th>{{ t('apps.rollout.canary') }}</th>
            <th class="num">{{ t('apps.rollout.from') }}</th><th>{{ t('apps.rollout.started') }}</th><th>{{ t('apps.rollout.finished') }}</th>
            <th>{{ t('apps.rollout.reason') }}</th></tr></thead>
          <tbody>
            <tr v-for="e in rollout.endpoints" :key="e.endpoint" :data-endpoint="e.endpoint" data-test="rollout-endpoint">
              <td><a :href="href('/nodes/' + e.endpoint)">{{ e.endpoint }}</a></td>
              <td><ef-status :value="e.state"></ef-status></td><td>{{ e.canary ? '✓' : '' }}</td>
              <td class="num">{{ e.fromRevision || '—' }}</td><td>{{ dateTime(e.startedAt) }}</td><td>{{ dateTime(e.finishedAt) }}</td>
              <td>{{ e.reason || '' }}</td>
            </tr>
            <tr v-if="!rollout.endpoints?.length"><td colspan="7" class="muted">{{ t('apps.rollout.no-endpoints') }}</td></tr>
          </tbody>
        </table>
      </template>
    </section>`,
};
