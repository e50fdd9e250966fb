// 配置管理: the tenant's config sets (entries that become env variables, files mounted into containers). Each save
// is a new version; apps following the set get a new revision. Operators create, edit and delete.
import { get, tenantPath } from '../../core/api.js';
import { confirmAndDelete } from '../../core/actions.js';
import { t } from '../../core/i18n.js';
import { session } from '../../core/session.js';
import { dateTime } from '../../core/format.js';
import EfProblem from '../../components/problem.js';
import ConfigSetEditor from './config-set-editor.js';

export default {
  name: 'ConfigSetsView',
  components: { EfProblem, ConfigSetEditor },
  data: () => ({ sets: [], error: null, selected: null, creating: false, loaded: false }),
  setup: () => ({ t, session, dateTime }),
  async mounted() { await this.load(); },
  methods: {
    async load() {
      try {
        this.sets = ((await get(tenantPath('/config-sets'))).items || []).sort((a, b) => a.name.localeCompare(b.name));
        this.error = null;
      } catch (failure) {
        this.error = failure;
      }
      this.loaded = true;
    },
    open(name) {
      this.creating = false;
      this.selected = name;
    },
    create() {
      this.selected = null;
      this.creating = true;
    },
    async saved(name) {
      await this.load();
      this.open(name);
    },
    async remove(name) {
      if (!await confirmAndDelete(t('config-sets.confirm-delete', { name }),
        tenantPath(`/config-sets/${encodeURIComponent(name)}`), name)) return;
      if (this.selected === name) this.selected = null;
      await this.load();
    },
  },
  template: `
    <section class="config-sets">
      <h1>{{ t('nav.config-sets') }}</h1>
      <div class="toolbar" v-if="session.can('operator')">
        <button type="button" class="primary" @click="create" data-test="new-config-set">{{ t('config-sets.new') }}</button>
      </div>
      <ef-problem :error="error"></ef-problem>
      <div class="split">
        <table class="grid" data-test="config-sets-table">
          <thead><tr><th>{{ t('common.name') }}</th><th class="num">{{ t('templates.version') }}</th><th>{{ t('config-sets.contents') }}</th>
            <th>{{ t('apps.updated') }}</th><th v-if="session.can('operator')">{{ t('common.actions') }}</th></tr></thead>
          <tbody>
            <tr v-for="set in sets" :key="set.name" data-test="config-set-row" :data-config-set="set.name">
              <td><button type="button" class="link" @click="open(set.name)" data-test="open-config-set">{{ set.name }}</button></td>
              <td class="num" data-test="config-set-version">{{ set.version }}</td>
              <td>{{ t('config-sets.counts', { keys: (set.keys || []).length, files: (set.fileNames || []).length }) }}</td>
              <td>{{ dateTime(set.createdAt) }}</td>
              <td v-if="session.can('operator')"><button type="button" class="danger" @click="remove(set.name)" data-test="delete-config-set">{{ t('common.delete') }}</button></td>
            </tr>
            <tr v-if="loaded && !sets.length"><td colspan="5" class="muted">{{ t('common.empty') }}</td></tr>
          </tbody>
        </table>
        <config-set-editor v-if="selected || creating" :key="selected || 'new'" :name="selected" @saved="saved"></config-set-editor>
      </div>
    </section>`,
};
