// The audit log: who did what, when, from where, with what outcome. Tenant admins read their tenant's
// (GET .../audit); platform admins may switch to the whole platform's (GET /api/v1/audit). Newest first,
// "load more" over the cursor.
import { get, tenantPath, query } from '../../core/api.js';
import { t } from '../../core/i18n.js';
import { session } from '../../core/session.js';
import { dateTime } from '../../core/format.js';
import EfProblem from '../../components/problem.js';
import EfRoleGate from './role-gate.js';

const PAGE = 100;

function iso(local) {
  return local ? new Date(local).toISOString() : '';
}

export default {
  name: 'AuditView',
  components: { EfProblem, EfRoleGate },
  data: () => ({
    filter: { scope: 'tenant', actor: '', action: '', outcome: '', target: '', since: '', until: '' },
    items: [], next: null, error: null, loading: false,
  }),
  setup: () => ({ t, session, dateTime }),
  mounted() { if (session.can('tenant-admin')) this.load(); },
  methods: {
    async load(more = false) {
      this.loading = true;
      const f = this.filter;
      const params = query({ actor: f.actor.trim(), action: f.action.trim(), outcome: f.outcome, target: f.target.trim(),
        since: iso(f.since), until: iso(f.until), limit: PAGE, cursor: more ? this.next : '' });
      try {
        const page = await get(f.scope === 'platform' ? `/api/v1/audit${params}` : tenantPath(`/audit${params}`));
        this.items = more ? [...this.items, ...(page.items || [])] : page.items || [];
        this.next = page.next || null;
        this.error = null;
      } catch (failure) {
        this.error = failure;
      } finally {
        this.loading = false;
      }
    },
  },
  template: `
    <section class="admin-audit">
      <h1>{{ t('admin.audit') }}</h1>
      <ef-role-gate role="tenant-admin">
        <form class="card" @submit.prevent="load()" data-test="audit-filter">
          <div class="field-row">
            <div class="field" v-if="session.me && session.me.platformAdmin"><label for="audit-scope">{{ t('admin.audit.scope') }}</label>
              <select id="audit-scope" v-model="filter.scope" data-test="audit-scope">
                <option value="tenant">{{ t('admin.audit.scope-tenant', { tenant: session.tenant }) }}</option>
                <option value="platform">{{ t('admin.audit.scope-platform') }}</option></select></div>
            <div class="field"><label for="audit-action">{{ t('admin.audit.action') }}</label>
              <input id="audit-action" v-model="filter.action" placeholder="tokens.* / members.put" data-test="audit-action"></div>
            <div class="field"><label for="audit-actor">{{ t('admin.audit.actor') }}</label>
              <input id="audit-actor" v-model="filter.actor" class="mono"></div>
            <div class="field"><label for="audit-outcome">{{ t('admin.audit.outcome') }}</label>
              <select id="audit-outcome" v-model="filter.outcome"><option value="">{{ t('admin.delivery.any') }}</option>
                <option v-for="o in ['success', 'denied', 'failure']" :key="o" :value="o">{{ t('admin.audit.' + o) }}</option></select></div>
          </div>
          <div class="field-row">
            <div class="field"><label for="audit-target">{{ t('admin.audit.target') }}</label>
              <input id="audit-target" v-model="filter.target" placeholder="/api/v1/tenants/…"></div>
            <div class="field"><label for="audit-since">{{ t('ops.logs.from') }}</label>
              <input id="audit-since" type="datetime-local" v-model="filter.since"></div>
            <div class="field"><label for="audit-until">{{ t('ops.logs.to') }}</label>
              <input id="audit-until" type="datetime-local" v-model="filter.until"></div>
          </div>
          <button type="submit" class="primary" :disabled="loading" data-test="audit-search">{{ loading ? t('common.loading') : t('common.search') }}</button>
        </form>
        <ef-problem :error="error"></ef-problem>
        <table class="grid" v-if="items.length" data-test="audit">
          <thead><tr><th>{{ t('ops.logs.time') }}</th><th>{{ t('admin.audit.actor') }}</th><th>{{ t('admin.audit.action') }}</th>
            <th>{{ t('admin.audit.target') }}</th><th>{{ t('admin.audit.outcome') }}</th><th>{{ t('admin.audit.source-ip') }}</th>
            <th v-if="filter.scope === 'platform'">{{ t('admin.audit.tenant') }}</th></tr></thead>
          <tbody><tr v-for="entry in items" :key="entry.id" data-test="audit-row" :data-action="entry.action">
            <td class="nowrap">{{ dateTime(entry.time) }}</td>
            <td>{{ entry.actor.name || entry.actor.id }} <span class="hint">{{ entry.actor.kind }}</span></td>
            <td class="mono">{{ entry.action }}</td><td class="mono">{{ entry.method }} {{ entry.target }}</td>
            <td><span :class="['status', entry.outcome === 'success' ? 'good' : 'bad']">{{ t('admin.audit.' + entry.outcome) }}</span>
              <span class="hint">{{ entry.status }}</span></td>
            <td class="mono">{{ entry.sourceIp }}</td><td v-if="filter.scope === 'platform'">{{ entry.tenant || '—' }}</td>
          </tr></tbody>
        </table>
        <p v-else-if="!loading" class="muted">{{ t('common.empty') }}</p>
        <div class="pager" v-if="next"><button type="button" @click="load(true)" :disabled="loading" data-test="audit-more">{{ t('ops.more') }}</button></div>
      </ef-role-gate>
    </section>`,
};
