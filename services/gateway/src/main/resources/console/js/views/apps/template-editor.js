// Creates or edits a tenant template: name, description, its params and its app spec, the latter two as JSON
// (an app spec may hold ${param} placeholders in any string). POST .../templates or PUT .../templates/{name}.
import { post, put, tenantPath } from '../../core/api.js';
import { t } from '../../core/i18n.js';
import { notify } from '../../core/notices.js';
import EfProblem from '../../components/problem.js';
import EfFieldError, { invalidAttrs } from './field-error.js';

const EXAMPLE_PARAMS = [{ name: 'port', type: 'integer', required: false, default: 8080 }];
const EXAMPLE_APP = { image: 'reg.example/team/web:1', ports: [{ containerPort: '${port}' }] };

export default {
  name: 'TemplateEditor',
  components: { EfProblem, EfFieldError },
  props: { template: { type: Object, required: true } },
  emits: ['saved', 'close'],
  data() {
    const existing = Boolean(this.template.name);
    return {
      existing,
      name: this.template.name || '',
      description: this.template.description || '',
      paramsText: JSON.stringify(existing ? this.template.params || [] : EXAMPLE_PARAMS, null, 2),
      appText: JSON.stringify(existing ? this.template.app || {} : EXAMPLE_APP, null, 2),
      error: null, local: {}, saving: false,
    };
  },
  setup: () => ({ t, invalidAttrs }),
  methods: {
    msg(pointer) { return this.local[pointer] || this.error?.fieldMessage?.(pointer) || null; },
    parse(text, pointer) {
      try {
        return JSON.parse(text);
      } catch (failure) {
        this.local[pointer] = t('templates.bad-json', { detail: failure.message });
        return undefined;
      }
    },
    async submit() {
      this.local = {};
      this.error = null;
      const params = this.parse(this.paramsText, '/params');
      const app = this.parse(this.appText, '/app');
      if (params === undefined || app === undefined) return;
      const body = { params, app };
      if (this.description.trim()) body.description = this.description.trim();
      this.saving = true;
      try {
        const saved = this.existing
          ? await put(tenantPath(`/templates/${encodeURIComponent(this.name)}`), body)
          : await post(tenantPath('/templates'), { name: this.name.trim(), ...body });
        notify(t('common.saved', { name: saved.name }));
        this.$emit('saved');
      } catch (failure) {
        this.error = failure;
      } finally {
        this.saving = false;
      }
    },
  },
  template: `
    <form novalidate @submit.prevent="submit" data-test="template-form">
      <div class="field"><label for="template-name">{{ t('common.name') }}</label>
        <input id="template-name" v-model="name" :disabled="existing" data-test="template-name" v-bind="invalidAttrs(msg('/name'), 'template-name-err')">
        <ef-field-error id="template-name-err" pointer="/name" :message="msg('/name')"></ef-field-error></div>
      <div class="field"><label for="template-description">{{ t('templates.description') }}</label>
        <input id="template-description" v-model="description" data-test="template-description"></div>
      <div class="field"><label for="template-params">{{ t('templates.params-json') }}</label>
        <textarea id="template-params" class="file-content" v-model="paramsText" data-test="template-params"
                  v-bind="invalidAttrs(msg('/params'), 'template-params-err')"></textarea>
        <ef-field-error id="template-params-err" pointer="/params" :message="msg('/params')"></ef-field-error></div>
      <div class="field"><label for="template-app">{{ t('templates.app-json') }}</label>
        <textarea id="template-app" class="file-content" v-model="appText" data-test="template-app"
                  v-bind="invalidAttrs(msg('/app'), 'template-app-err')"></textarea>
        <ef-field-error id="template-app-err" pointer="/app" :message="msg('/app')"></ef-field-error></div>
      <ef-problem :error="error"></ef-problem>
      <div class="toolbar">
        <button type="submit" class="primary" :disabled="saving" data-test="template-save">{{ saving ? t('common.saving') : t('common.save') }}</button>
        <button type="button" @click="$emit('close')">{{ t('common.cancel') }}</button>
      </div>
    </form>`,
};
