// Silences: alerts matching every matcher still fire but are not notified until endsAt. Expiring one ends it now
// (it stays listed as expired); one that has not started yet is deleted instead.
import { get, put, del, tenantPath, query } from '../../core/api.js';
import { t } from '../../core/i18n.js';
import { session } from '../../core/session.js';
import { notify, confirmAction } from '../../core/notices.js';
import { dateTime } from '../../core/format.js';
import EfProblem from '../../components/problem.js';
import EfStatus from '../../components/status-badge.js';
import SilenceForm from './silence-form.js';

export default {
  name: 'Silences',
  components: { EfProblem, EfStatus, SilenceForm },
  data: () => ({ items: [], all: false, error: null, loading: false, creating: false }),
  setup: () => ({ t, session, dateTime }),
  mounted() { this.load(); },
  watch: { all() { this.load(); } },
  methods: {
    async load() {
      this.loading = true;
      try {
        this.items = (await get(tenantPath(`/silences${query({ state: this.all ? 'all' : '' })}`))).items || [];
        this.error = null;
      } catch (failure) {
        this.error = failure;
      } finally {
        this.loading = false;
      }
    },
    matchers(silence) {
      return silence.matchers.map((m) => `${m.name}${m.op || '='}"${m.value}"`).join(', ');
    },
    async expire(silence) {
      if (!await confirmAction(t('ops.silence.expire-confirm', { matchers: this.matchers(silence) }), t('ops.silence.expire'))) return;
      const path = tenantPath(`/silences/${encodeURIComponent(silence.id)}`);
      try {
        if (silence.state === 'pending') {
          await del(path);
        } else {
          await put(path, { matchers: silence.matchers, startsAt: silence.startsAt, endsAt: new Date().toISOString(),
            comment: silence.comment });
        }
        notify(t('ops.silence.expired'));
        await this.load();
      } catch (failure) {
        notify(failure.message, 'error');
      }
    },
    created() {
      this.creating = false;
      notify(t('ops.silence.created'));
      this.load();
    },
  },
  template: `
    <div>
      <div class="toolbar">
        <button v-if="session.can('operator')" type="button" class="primary" @click="creating = true" data-test="silence-create">
          {{ t('ops.silence.create') }}</button>
        <label class="inline"><input type="checkbox" v-model="all" data-test="silence-all"> {{ t('ops.silence.show-expired') }}</label>
        <span class="spacer"></span>
        <button type="button" @click="load" :disabled="loading">{{ t('common.refresh') }}</button></div>
      <ef-problem :error="error"></ef-problem>
      <table class="grid" v-if="items.length" data-test="silences">
        <thead><tr><th>{{ t('ops.silence.matchers') }}</th><th>{{ t('common.status') }}</th><th>{{ t('ops.silence.starts') }}</th>
          <th>{{ t('ops.silence.ends') }}</th><th>{{ t('ops.silence.comment') }}</th><th>{{ t('ops.silence.by') }}</th>
          <th v-if="session.can('operator')">{{ t('common.actions') }}</th></tr></thead>
        <tbody><tr v-for="silence in items" :key="silence.id" data-test="silence-row">
          <td class="mono">{{ matchers(silence) }}</td><td><ef-status :value="silence.state"></ef-status></td>
          <td>{{ dateTime(silence.startsAt) }}</td><td>{{ dateTime(silence.endsAt) }}</td>
          <td>{{ silence.comment }}</td><td>{{ silence.createdBy }}</td>
          <td v-if="session.can('operator')"><button v-if="silence.state !== 'expired'" type="button" class="link danger"
              @click="expire(silence)" data-test="silence-expire">{{ t('ops.silence.expire') }}</button></td>
        </tr></tbody>
      </table>
      <p v-else-if="!loading" class="muted">{{ t('ops.silence.none') }}</p>
      <silence-form v-if="creating" @close="creating = false" @saved="created"></silence-form>
    </div>`,
};
