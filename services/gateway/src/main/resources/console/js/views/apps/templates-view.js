// The templates catalogue: the tenant's templates and the shared ones (GET /api/v1/templates). Operators
// instantiate any of them into an app and create, edit and delete the tenant's own.
import { get, tenantPath } from '../../core/api.js';
import { confirmAndDelete } from '../../core/actions.js';
import { t } from '../../core/i18n.js';
import { session } from '../../core/session.js';
import { dateTime } from '../../core/format.js';
import EfProblem from '../../components/problem.js';
import EfModal from '../../components/modal.js';
import TemplateInstantiate from './template-instantiate.js';
import TemplateEditor from './template-editor.js';

export default {
  name: 'TemplatesView',
  components: { EfProblem, EfModal, TemplateInstantiate, TemplateEditor },
  data: () => ({ templates: [], error: null, instantiating: null, editing: null, loaded: false }),
  setup: () => ({ t, session, dateTime }),
  async mounted() { await this.load(); },
  methods: {
    async load() {
      try {
        const [own, shared] = await Promise.all([get(tenantPath('/templates')), get('/api/v1/templates')]);
        this.templates = [...(own.items || []), ...(shared.items || [])];
        this.error = null;
      } catch (failure) {
        this.error = failure;
      }
      this.loaded = true;
    },
    async remove(template) {
      if (await confirmAndDelete(t('templates.confirm-delete', { name: template.name }),
        tenantPath(`/templates/${encodeURIComponent(template.name)}`), template.name)) await this.load();
    },
    saved() {
      this.editing = null;
      this.load();
    },
  },
  template: `
    <section class="templates">
      <h1>{{ t('nav.templates') }}</h1>
      <div class="toolbar" v-if="session.can('operator')">
        <button type="button" class="primary" @click="editing = {}" data-test="new-template">{{ t('templates.new') }}</button>
      </div>
      <ef-problem :error="error"></ef-problem>
      <table class="grid" data-test="templates-table">
        <thead><tr><th>{{ t('common.name') }}</th><th>{{ t('templates.catalogue') }}</th><th class="num">{{ t('templates.version') }}</th>
          <th>{{ t('templates.description') }}</th><th>{{ t('templates.params') }}</th><th>{{ t('apps.updated') }}</th>
          <th v-if="session.can('operator')">{{ t('common.actions') }}</th></tr></thead>
        <tbody>
          <tr v-for="tpl in templates" :key="tpl.catalogue + '/' + tpl.name" data-test="template-row" :data-template="tpl.name">
            <td>{{ tpl.name }}</td><td>{{ t('templates.catalogue-' + tpl.catalogue) }}</td><td class="num">{{ tpl.version }}</td>
            <td>{{ tpl.description || '' }}</td><td>{{ (tpl.params || []).map((p) => p.name).join(', ') || '—' }}</td>
            <td>{{ dateTime(tpl.updatedAt) }}</td>
            <td v-if="session.can('operator')" class="buttons">
              <button type="button" class="primary" @click="instantiating = tpl" data-test="instantiate">{{ t('templates.instantiate') }}</button>
              <template v-if="tpl.catalogue === 'tenant'">
                <button type="button" @click="editing = tpl" data-test="edit-template">{{ t('common.edit') }}</button>
                <button type="button" class="danger" @click="remove(tpl)" data-test="delete-template">{{ t('common.delete') }}</button>
              </template>
            </td>
          </tr>
          <tr v-if="loaded && !templates.length"><td colspan="7" class="muted">{{ t('common.empty') }}</td></tr>
        </tbody>
      </table>
      <ef-modal :open="Boolean(instantiating)" wide :title="t('templates.instantiate-title', { name: instantiating?.name || '' })" @close="instantiating = null">
        <template-instantiate v-if="instantiating" :template="instantiating" @close="instantiating = null"></template-instantiate>
      </ef-modal>
      <ef-modal :open="Boolean(editing)" wide :title="editing?.name ? t('templates.edit-title', { name: editing.name }) : t('templates.new')" @close="editing = null">
        <template-editor v-if="editing" :template="editing" @saved="saved" @close="editing = null"></template-editor>
      </ef-modal>
    </section>`,
};
