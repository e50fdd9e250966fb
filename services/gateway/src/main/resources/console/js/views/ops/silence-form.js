// A new silence: label matchers (name, = or !=, value), how long, and why.
import { post, tenantPath } from '../../core/api.js';
import { t } from '../../core/i18n.js';
import EfModal from '../../components/modal.js';
import EfProblem from '../../components/problem.js';

const DURATIONS = [[1, '1h'], [2, '2h'], [4, '4h'], [8, '8h'], [24, '1d'], [72, '3d'], [168, '7d']];

export default {
  name: 'SilenceForm',
  components: { EfModal, EfProblem },
  props: { matchers: { type: Array, default: () => [{ name: 'alertname', op: '=', value: '' }] } },
  emits: ['close', 'saved'],
  data() {
    return { rows: this.matchers.map((m) => ({ ...m })), hours: 2, comment: '', error: null, saving: false };
  },
  setup: () => ({ t, DURATIONS }),
  methods: {
    message(pointer) { return this.error?.fieldMessage?.(pointer) || null; },
    add() { this.rows.push({ name: '', op: '=', value: '' }); },
    remove(index) { this.rows.splice(index, 1); },
    async submit() {
      this.saving = true;
      try {
        const endsAt = new Date(Date.now() + this.hours * 3600 * 1000).toISOString();
        const saved = await post(tenantPath('/silences'), {
          matchers: this.rows.map((r) => ({ name: r.name.trim(), op: r.op, value: r.value })), endsAt, comment: this.comment,
        });
        this.$emit('saved', saved);
      } catch (failure) {
        this.error = failure;
      } finally {
        this.saving = false;
      }
    },
  },
  template: `
    <ef-modal :open="true" :title="t('ops.silence.create')" @close="$emit('close')">
      <form @submit.prevent="submit" data-test="silence-form" novalidate>
        <ef-problem :error="error"></ef-problem>
        <fieldset><legend>{{ t('ops.silence.matchers') }}</legend>
          <div v-for="(row, index) in rows" :key="index" class="kv-row">
            <label class="sr-only" :for="'matcher-name-' + index">{{ t('ops.silence.label') }} {{ index + 1 }}</label>
            <input :id="'matcher-name-' + index" v-model="row.name" :placeholder="t('ops.silence.label')" data-test="matcher-name"
                   :aria-invalid="!!message('/matchers/' + index + '/name')">
            <label class="sr-only" :for="'matcher-op-' + index">{{ t('ops.silence.op') }} {{ index + 1 }}</label>
            <select :id="'matcher-op-' + index" v-model="row.op"><option value="=">=</option><option value="!=">!=</option></select>
            <label class="sr-only" :for="'matcher-value-' + index">{{ t('kv.value') }} {{ index + 1 }}</label>
            <input :id="'matcher-value-' + index" v-model="row.value" :placeholder="t('kv.value')" data-test="matcher-value">
            <button type="button" class="link danger" @click="remove(index)" :aria-label="t('kv.remove', { n: index + 1 })">✕</button>
            <span v-if="message('/matchers/' + index)" class="field-error">{{ message('/matchers/' + index) }}</span>
          </div>
          <span v-if="message('/matchers')" class="field-error">{{ message('/matchers') }}</span>
          <button type="button" class="link" @click="add">+ {{ t('ops.silence.add-matcher') }}</button>
        </fieldset>
        <div class="field"><label for="silence-duration">{{ t('ops.silence.duration') }}</label>
          <select id="silence-duration" v-model.number="hours" data-test="silence-duration">
            <option v-for="d in DURATIONS" :key="d[0]" :value="d[0]">{{ d[1] }}</option></select></div>
        <div class="field"><label for="silence-comment">{{ t('ops.silence.comment') }}</label>
          <input id="silence-comment" v-model="comment" required :aria-invalid="!!message('/comment')" data-test="silence-comment">
          <span v-if="message('/comment')" class="field-error">{{ message('/comment') }}</span></div>
        <div class="buttons">
          <button type="submit" class="primary" :disabled="saving" data-test="silence-save">{{ saving ? t('common.saving') : t('common.create') }}</button>
          <button type="button" @click="$emit('close')">{{ t('common.cancel') }}</button></div>
      </form>
    </ef-modal>`,
};
