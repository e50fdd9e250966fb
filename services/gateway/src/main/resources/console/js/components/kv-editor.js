// Key/value rows (labels, environment variables) with add and remove; each input has its own label.
import { t } from '../core/i18n.js';

export default {
  name: 'EfKvEditor',
  props: {
    modelValue: { type: Array, required: true },
    keyLabel: { type: String, default: '' },
    valueLabel: { type: String, default: '' },
    addLabel: { type: String, default: '' },
    name: { type: String, required: true },
    errors: { type: Function, default: () => null },
  },
  emits: ['update:modelValue'],
  methods: {
    t,
    add() { this.$emit('update:modelValue', [...this.modelValue, { key: '', value: '' }]); },
    remove(index) { this.$emit('update:modelValue', this.modelValue.filter((row, i) => i !== index)); },
  },
  template: `
    <div class="kv-editor">
      <div v-for="(row, index) in modelValue" :key="index" class="kv-row">
        <label class="sr-only" :for="name + '-key-' + index">{{ keyLabel || t('kv.key') }} {{ index + 1 }}</label>
        <input :id="name + '-key-' + index" v-model.trim="row.key" :placeholder="keyLabel || t('kv.key')"
               :data-test="name + '-key'">
        <label class="sr-only" :for="name + '-value-' + index">{{ valueLabel || t('kv.value') }} {{ index + 1 }}</label>
        <input :id="name + '-value-' + index" v-model="row.value" :placeholder="valueLabel || t('kv.value')"
               :data-test="name + '-value'">
        <button type="button" class="link danger" @click="remove(index)"
                :aria-label="t('kv.remove', { n: index + 1 })">✕</button>
        <span v-if="errors(row.key)" class="field-error" role="alert">{{ errors(row.key) }}</span>
      </div>
      <button type="button" class="link" @click="add" :data-test="name + '-add'">+ {{ addLabel || t('kv.add') }}</button>
    </div>`,
};

/** [{key, value}] rows from an object. */
export function toRows(object) {
  return Object.entries(object || {}).map(([key, value]) => ({ key, value: String(value) }));
}

/** An object from [{key, value}] rows, skipping rows without a key. */
export function fromRows(rows) {
  const object = {};
  for (const row of rows) if (row.key) object[row.key] = row.value;
  return object;
}
