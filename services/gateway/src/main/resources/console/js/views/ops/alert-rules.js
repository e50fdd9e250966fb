// Alert rules: the built-ins (tunable, restorable to their defaults) and the tenant's own (create, edit, delete).
// Operators change rules; viewers only read them.
import { get, del, tenantPath } from '../../core/api.js';
import { t } from '../../core/i18n.js';
import { session } from '../../core/session.js';
import { notify, confirmAction } from '../../core/notices.js';
import { labelText } from '../../core/format.js';
import EfProblem from '../../components/problem.js';
import AlertRuleForm from './alert-rule-form.js';

export default {
  name: 'AlertRules',
  components: { EfProblem, AlertRuleForm },
  data: () => ({ rules: [], error: null, loading: false, editing: null }),
  setup: () => ({ t, session, labelText }),
  mounted() { this.load(); },
  methods: {
    async load() {
      this.loading = true;
      try {
        this.rules = (await get(tenantPath('/alert-rules'))).items || [];
        this.error = null;
      } catch (failure) {
        this.error = failure;
      } finally {
        this.loading = false;
      }
    },
    condition(rule) {
      const what = rule.builtin ? rule.measures : rule.metric;
      return `${what} ${rule.comparator} ${rule.threshold}` + (rule.forSeconds ? ` ${t('ops.rule.for', { n: rule.forSeconds })}` : '');
    },
    scope(rule) {
      const s = rule.scope || {};
      return [s.selector, s.app && `app=${s.app}`, s.container && `container=${s.container}`,
        s.endpoints && s.endpoints.join(' ')].filter(Boolean).join('; ') || t('ops.rule.all');
    },
    async remove(rule) {
      const question = rule.builtin ? t('ops.rule.restore-confirm', { name: rule.name }) : t('ops.rule.delete-confirm', { name: rule.name });
      if (!await confirmAction(question, rule.builtin ? t('ops.rule.restore') : t('common.delete'))) return;
      try {
        await del(tenantPath(`/alert-rules/${encodeURIComponent(rule.id)}`));
        notify(rule.builtin ? t('ops.rule.restored', { name: rule.name }) : t('common.deleted', { name: rule.name }));
        await this.load();
      } catch (failure) {
        notify(failure.message, 'error');
      }
    },
    saved(rule) {
      this.editing = null;
      notify(t('common.saved', { name: rule.name }));
      this.load();
    },
  },
  template: `
    <div>
      <div class="toolbar">
        <button v-if="session.can('operator')" type="button" class="primary" @click="editing = {}" data-test="rule-create">
          {{ t('ops.rule.create') }}</button>
        <span class="spacer"></span>
        <button type="button" @click="load" :disabled="loading">{{ t('common.refresh') }}</button></div>
      <ef-problem :error="error"></ef-problem>
      <table class="grid" data-test="rules">
        <thead><tr><th>{{ t('common.name') }}</th><th>{{ t('ops.rule.condition') }}</th><th>{{ t('ops.rule.scope') }}</th>
          <th>{{ t('ops.alert.severity') }}</th><th>{{ t('ops.rule.enabled') }}</th>
          <th v-if="session.can('operator')">{{ t('common.actions') }}</th></tr></thead>
        <tbody><tr v-for="rule in rules" :key="rule.id" data-test="rule-row" :data-name="rule.name">
          <td>{{ rule.name }} <span v-if="rule.builtin" class="hint">{{ t('ops.rule.builtin') }}</span></td>
          <td class="mono">{{ condition(rule) }}</td>
          <td class="mono">{{ scope(rule) }}</td>
          <td>{{ t('ops.severity.' + rule.severity) }}</td>
          <td>{{ rule.enabled ? t('ops.yes') : t('ops.no') }}</td>
          <td v-if="session.can('operator')">
            <button type="button" class="link" @click="editing = rule" data-test="rule-edit"
                    :aria-label="t('ops.rule.edit', { name: rule.name })">{{ rule.builtin ? t('ops.rule.tune') : t('common.edit') }}</button>
            <button type="button" class="link danger" @click="remove(rule)" data-test="rule-delete"
                    :aria-label="(rule.builtin ? t('ops.rule.restore') : t('common.delete')) + ' ' + rule.name">
              {{ rule.builtin ? t('ops.rule.restore') : t('common.delete') }}</button></td>
        </tr></tbody>
      </table>
      <alert-rule-form v-if="editing" :rule="editing" @close="editing = null" @saved="saved"></alert-rule-form>
    </div>`,
};
