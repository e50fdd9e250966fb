// Instantiates a template into an app: app name, placement and a field per template param (typed as the param
// says; left empty, an optional param takes its default). POST .../templates/{name}/instantiate, or
// .../templates/shared/{name}/instantiate for the shared catalogue; then opens the new app.
import { post, tenantPath } from '../../core/api.js';
import { t } from '../../core/i18n.js';
import { navigate } from '../../core/router.js';
import { notify } from '../../core/notices.js';
import EfProblem from '../../components/problem.js';
import EfFieldError, { invalidAttrs } from './field-error.js';
import PlacementPicker from './placement-picker.js';

export default {
  name: 'TemplateInstantiate',
  components: { EfProblem, EfFieldError, PlacementPicker },
  props: { template: { type: Object, required: true } },
  emits: ['close'],
  data() {
    const values = {};
    for (const p of this.template.params || []) values[p.name] = p.type === 'boolean' ? Boolean(p.default) : '';
    return { app: '', values, placement: { placement: 'endpoints', endpoints: [], selector: '', partition: '' }, error: null, saving: false };
  },
  setup: () => ({ t, invalidAttrs }),
  methods: {
    msg(pointer) { return this.error?.fieldMessage?.(pointer) || null; },
    params() {
      const result = {};
      for (const p of this.template.params || []) {
        const value = this.values[p.name];
        if (p.type === 'boolean') { if (p.required || value !== Boolean(p.default)) result[p.name] = value; continue; }
        if (value === '' || value === null) continue;
        result[p.name] = p.type === 'integer' || p.type === 'number' ? Number(value) : value;
      }
      return result;
    },
    target() {
      const f = this.placement;
      if (f.placement === 'selector') return { selector: f.selector.trim() };
      if (f.placement === 'partition') return { partition: f.partition.trim() };
      return { endpoints: [...f.endpoints] };
    },
    async submit() {
      this.saving = true;
      this.error = null;
      const base = this.template.catalogue === 'shared' ? '/templates/shared/' : '/templates/';
      try {
        const app = await post(tenantPath(`${base}${encodeURIComponent(this.template.name)}/instantiate`),
          { app: this.app.trim(), target: this.target(), params: this.params() });
        notify(t('common.saved', { name: app.name }));
        this.$emit('close');
        navigate(`/apps/${encodeURIComponent(app.name)}`);
      } catch (failure) {
        this.error = failure;
      } finally {
        this.saving = false;
      }
    },
  },
  template: `
    <form novalidate @submit.prevent="submit" data-test="instantiate-form">
      <p v-if="template.description" class="muted">{{ template.description }}</p>
      <div class="field"><label for="instance-app">{{ t('apps.form.name') }}</label>
        <input id="instance-app" v-model="app" data-test="instance-app" v-bind="invalidAttrs(msg('/app'), 'instance-app-err')">
        <ef-field-error id="instance-app-err" pointer="/app" :message="msg('/app')"></ef-field-error></div>
      <fieldset v-if="template.params?.length"><legend>{{ t('templates.params') }}</legend>
        <div class="field" v-for="p in template.params" :key="p.name">
          <label :for="'param-' + p.name">{{ p.name }}{{ p.required ? ' *' : '' }}</label>
          <select v-if="p.type === 'enum'" :id="'param-' + p.name" v-model="values[p.name]" :data-test="'param-' + p.name">
            <option value="">{{ p.required ? t('apps.form.choose') : t('templates.default', { value: p.default }) }}</option>
            <option v-for="v in p.values" :key="v" :value="v">{{ v }}</option></select>
          <input v-else-if="p.type === 'boolean'" type="checkbox" :id="'param-' + p.name" v-model="values[p.name]" :data-test="'param-' + p.name">
          <input v-else :id="'param-' + p.name" :type="p.type === 'string' ? 'text' : 'number'" v-model="values[p.name]"
                 :placeholder="p.default !== undefined ? String(p.default) : ''" :data-test="'param-' + p.name"
                 v-bind="invalidAttrs(msg('/params/' + p.name), 'param-err-' + p.name)">
          <span class="hint" v-if="p.description">{{ p.description }}</span>
          <ef-field-error :id="'param-err-' + p.name" :pointer="'/params/' + p.name" :message="msg('/params/' + p.name)"></ef-field-error>
        </div>
      </fieldset>
      <placement-picker :form="placement" :msg="msg"></placement-picker>
      <ef-problem :error="error"></ef-problem>
      <div class="toolbar">
        <button type="submit" class="primary" :disabled="saving" data-test="instantiate-submit">{{ saving ? t('common.saving') : t('templates.instantiate') }}</button>
        <button type="button" @click="$emit('close')">{{ t('common.cancel') }}</button>
      </div>
    </form>`,
};
