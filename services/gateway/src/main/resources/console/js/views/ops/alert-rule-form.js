// Create or edit an alert rule in a dialog. A built-in rule only offers what the tuning body accepts.
// The API's field messages appear beside their fields; the metric list is the metrics schema's.
import { get, post, put, tenantPath } from '../../core/api.js';
import { t } from '../../core/i18n.js';
import { session } from '../../core/session.js';
import EfModal from '../../components/modal.js';
import EfProblem from '../../components/problem.js';
import EfKvEditor from '../../components/kv-editor.js';
import { METRICS, COMPARATORS, SEVERITIES, toForm, ruleBody, tuningBody } from './rule-body.js';

export default {
  name: 'AlertRuleForm',
  components: { EfModal, EfProblem, EfKvEditor },
  props: { rule: { type: Object, required: true } },
  emits: ['close', 'saved'],
  data() {
    return { form: toForm(this.rule), channels: [], error: null, saving: false };
  },
  setup: () => ({ t, METRICS, COMPARATORS, SEVERITIES }),
  computed: {
    isNew() { return !this.rule.id; },
    builtin() { return Boolean(this.rule.builtin); },
    title() {
      if (this.isNew) return t('ops.rule.create');
      return t(this.builtin ? 'ops.rule.tune-title' : 'ops.rule.edit', { name: this.rule.name });
    },
  },
  async mounted() {
    if (session.can('tenant-admin')) {
      this.channels = ((await get(tenantPath('/notification-channels')).catch(() => null))?.items) || [];
    }
  },
  methods: {
    message(pointer) { return this.error?.fieldMessage?.(pointer) || null; },
    async submit() {
      this.saving = true;
      try {
        const saved = this.isNew
          ? await post(tenantPath('/alert-rules'), ruleBody(this.form, true))
          : await put(tenantPath(`/alert-rules/${encodeURIComponent(this.rule.id)}`),
            this.builtin ? tuningBody(this.form, true) : ruleBody(this.form, true));
        this.$emit('saved', saved);
      } catch (failure) {
        this.error = failure;
      } finally {
        this.saving = false;
      }
    },
  },
  template: `
    <ef-modal :open="true" :title="title" wide @close="$emit('close')">
      <form @submit.prevent="submit" data-test="rule-form" novalidate>
        <ef-problem :error="error"></ef-problem>
        <div class="field-row" v-if="!builtin">
          <div class="field"><label for="rule-name">{{ t('common.name') }}</label>
            <input id="rule-name" v-model="form.name" required :aria-invalid="!!message('/name')" data-test="rule-name">
            <span v-if="message('/name')" class="field-error">{{ message('/name') }}</span></div>
          <div class="field"><label for="rule-metric">{{ t('ops.rule.metric') }}</label>
            <select id="rule-metric" v-model="form.metric" :aria-invalid="!!message('/metric')" data-test="rule-metric">
              <option v-for="metric in METRICS" :key="metric" :value="metric">{{ metric }}</option></select>
            <span v-if="message('/metric')" class="field-error">{{ message('/metric') }}</span></div>
        </div>
        <p v-else class="hint">{{ t('ops.rule.measures') }}: <code>{{ rule.measures }}</code></p>
        <div class="field-row">
          <div class="field" v-if="!builtin"><label for="rule-comparator">{{ t('ops.rule.comparator') }}</label>
            <select id="rule-comparator" v-model="form.comparator" data-test="rule-comparator">
              <option v-for="c in COMPARATORS" :key="c" :value="c">{{ c }}</option></select></div>
          <div class="field"><label for="rule-threshold">{{ t('ops.rule.threshold') }}</label>
            <input id="rule-threshold" type="number" step="any" v-model="form.threshold" required
                   :aria-invalid="!!message('/threshold')" data-test="rule-threshold">
            <span v-if="message('/threshold')" class="field-error">{{ message('/threshold') }}</span></div>
          <div class="field"><label for="rule-for">{{ t('ops.rule.for-seconds') }}</label>
            <input id="rule-for" type="number" min="0" max="86400" v-model="form.forSeconds"
                   :aria-invalid="!!message('/forSeconds')" data-test="rule-for">
            <span v-if="message('/forSeconds')" class="field-error">{{ message('/forSeconds') }}</span></div>
          <div class="field"><label for="rule-severity">{{ t('ops.alert.severity') }}</label>
            <select id="rule-severity" v-model="form.severity" data-test="rule-severity">
              <option v-for="s in SEVERITIES" :key="s" :value="s">{{ t('ops.severity.' + s) }}</option></select></div>
        </div>
        <fieldset v-if="!builtin"><legend>{{ t('ops.rule.scope') }}</legend>
          <div class="field-row">
            <div class="field"><label for="rule-selector">{{ t('ops.rule.selector') }}</label>
              <input id="rule-selector" v-model="form.selector" placeholder="site=qingdao,line in (a,b)"
                     :aria-invalid="!!message('/scope/selector')" data-test="rule-selector">
              <span v-if="message('/scope/selector')" class="field-error">{{ message('/scope/selector') }}</span></div>
            <div class="field"><label for="rule-endpoints">{{ t('ops.rule.endpoints') }}</label>
              <input id="rule-endpoints" v-model="form.endpoints" :aria-invalid="!!message('/scope/endpoints')">
              <span v-if="message('/scope/endpoints')" class="field-error">{{ message('/scope/endpoints') }}</span></div>
          </div>
          <div class="field-row">
            <div class="field"><label for="rule-app">{{ t('ops.rule.app') }}</label>
              <input id="rule-app" v-model="form.app" :aria-invalid="!!message('/scope/app')">
              <span v-if="message('/scope/app')" class="field-error">{{ message('/scope/app') }}</span></div>
            <div class="field"><label for="rule-container">{{ t('ops.rule.container') }}</label>
              <input id="rule-container" v-model="form.container"></div>
          </div>
        </fieldset>
        <fieldset v-if="!builtin"><legend>{{ t('ops.rule.annotations') }}</legend>
          <div class="field"><label for="rule-summary">{{ t('ops.rule.summary') }}</label>
            <input id="rule-summary" v-model="form.summary" data-test="rule-summary"></div>
          <div class="field"><label for="rule-description">{{ t('ops.rule.description') }}</label>
            <textarea id="rule-description" v-model="form.description" rows="2"></textarea></div>
          <p class="hint">{{ t('ops.rule.labels') }}</p>
          <ef-kv-editor v-model="form.labels" name="rule-labels" :errors="(key) => message('/labels/' + key)"></ef-kv-editor>
          <span v-if="message('/labels')" class="field-error">{{ message('/labels') }}</span>
        </fieldset>
        <fieldset v-if="channels.length"><legend>{{ t('ops.rule.channels') }}</legend>
          <p class="hint">{{ t('ops.rule.channels-hint') }}</p>
          <label v-for="channel in channels" :key="channel.id" class="inline">
            <input type="checkbox" :value="channel.id" v-model="form.channels"> {{ channel.name }}</label>
          <span v-if="message('/channels')" class="field-error">{{ message('/channels') }}</span>
        </fieldset>
        <label class="inline"><input type="checkbox" v-model="form.enabled" data-test="rule-enabled"> {{ t('ops.rule.enabled') }}</label>
        <div class="buttons">
          <button type="submit" class="primary" :disabled="saving" data-test="rule-save">{{ saving ? t('common.saving') : t('common.save') }}</button>
          <button type="button" @click="$emit('close')">{{ t('common.cancel') }}</button></div>
      </form>
    </ef-modal>`,
};
