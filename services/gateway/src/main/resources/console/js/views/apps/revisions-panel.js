// An app's revisions (GET .../revisions) with rollback (POST .../rollback, operator and up: a new revision copying
// an earlier one) and its rollout history (GET .../rollouts, newest first).
import { get, post, tenantPath } from '../../core/api.js';
import { t } from '../../core/i18n.js';
import { session } from '../../core/session.js';
import { dateTime } from '../../core/format.js';
import { confirmAction, notify } from '../../core/notices.js';
import EfProblem from '../../components/problem.js';
import EfStatus from '../../components/status-badge.js';
import { progress } from './app-text.js';

export default {
  name: 'RevisionsPanel',
  components: { EfProblem, EfStatus },
  props: { app: { type: Object, required: true } },
  emits: ['changed'],
  data: () => ({ revisions: [], rollouts: [], error: null, busy: false }),
  setup: () => ({ t, session, dateTime, progress }),
  watch: { 'app.revision'() { this.load(); } },
  async mounted() { await this.load(); },
  methods: {
    path(rest) { return tenantPath(`/apps/${encodeURIComponent(this.app.name)}${rest}`); },
    async load() {
      try {
        const [revisions, rollouts] = await Promise.all([get(this.path('/revisions')), get(this.path('/rollouts'))]);
        this.revisions = (revisions.items || []).sort((a, b) => b.revision - a.revision);
        this.rollouts = rollouts.items || [];
        this.error = null;
      } catch (failure) {
        this.error = failure;
      }
    },
    async rollback(revision) {
      if (!(await confirmAction(t('apps.revisions.confirm', { name: this.app.name, revision }), t('apps.revisions.rollback')))) return;
      this.busy = true;
      try {
        const app = await post(this.path('/rollback'), { revision });
        notify(t('apps.revisions.done', { revision: app.revision, from: revision }));
        this.$emit('changed');
      } catch (failure) {
        this.error = failure;
      } finally {
        this.busy = false;
      }
    },
  },
  template: `
    <section data-test="revisions">
      <h2>{{ t('apps.revisions.title') }}</h2>
      <ef-problem :error="error"></ef-problem>
      <table class="grid">
        <thead><tr><th class="num">{{ t('apps.revision') }}</th><th>{{ t('apps.image') }}</th><th>{{ t('apps.revisions.origin') }}</th>
          <th>{{ t('apps.revisions.by') }}</th><th>{{ t('apps.revisions.at') }}</th><th v-if="session.can('operator')">{{ t('common.actions') }}</th></tr></thead>
        <tbody><tr v-for="r in revisions" :key="r.revision" data-test="revision-row" :data-revision="r.revision">
          <td class="num">{{ r.revision }}</td><td><code>{{ r.spec.image }}</code></td>
          <td>{{ r.rolledBackTo ? t('apps.revisions.copy-of', { n: r.rolledBackTo }) : (r.revision === 1 ? t('apps.revisions.created') : t('apps.revisions.updated')) }}</td>
          <td>{{ r.createdBy }}</td><td>{{ dateTime(r.createdAt) }}</td>
          <td v-if="session.can('operator')"><button v-if="r.revision !== app.revision" type="button" :disabled="busy"
              @click="rollback(r.revision)" data-test="rollback">{{ t('apps.revisions.rollback-to', { n: r.revision }) }}</button>
            <span v-else class="muted">{{ t('apps.revisions.current') }}</span></td>
        </tr></tbody>
      </table>
      <h2>{{ t('apps.rollouts.title') }}</h2>
      <table class="grid" data-test="rollout-history">
        <thead><tr><th class="num">{{ t('apps.revision') }}</th><th>{{ t('common.status') }}</th><th>{{ t('apps.form.strategy') }}</th>
          <th>{{ t('apps.progress') }}</th><th>{{ t('apps.rollout.reason') }}</th><th>{{ t('apps.revisions.at') }}</th></tr></thead>
        <tbody>
          <tr v-for="r in rollouts" :key="r.id"><td class="num">{{ r.revision }}</td><td><ef-status :value="r.state"></ef-status></td>
            <td>{{ t('apps.strategy.' + (r.strategy?.strategy || 'all-at-once')) }}</td><td>{{ progress(r).text }}</td>
            <td>{{ r.reason || '' }}</td><td>{{ dateTime(r.createdAt) }}</td></tr>
          <tr v-if="!rollouts.length"><td colspan="6" class="muted">{{ t('apps.rollout.none') }}</td></tr>
        </tbody>
      </table>
    </section>`,
};
