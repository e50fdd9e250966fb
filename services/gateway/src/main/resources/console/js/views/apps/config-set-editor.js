// One config set: its entries (key/value), its files (name + text content) and its versions. Saving creates the
// set (POST) or its next version (PUT .../config-sets/{name}); viewers see the content read-only.
import { get, post, put, tenantPath } from '../../core/api.js';
import { t } from '../../core/i18n.js';
import { session } from '../../core/session.js';
import { notify } from '../../core/notices.js';
import { dateTime } from '../../core/format.js';
import EfProblem from '../../components/problem.js';
import EfKvEditor, { toRows, fromRows } from '../../components/kv-editor.js';
import EfFieldError, { invalidAttrs } from './field-error.js';

export default {
  name: 'ConfigSetEditor',
  components: { EfProblem, EfKvEditor, EfFieldError },
  props: { name: { type: String, default: null } },
  emits: ['saved'],
  data: () => ({ newName: '', entries: [], files: [], versions: [], version: null, error: null, saving: false }),
  setup: () => ({ t, session, dateTime, invalidAttrs }),
  computed: { canEdit() { return session.can('operator'); } },
  async mounted() { if (this.name) await this.load(); },
  methods: {
    path(rest = '') { return tenantPath(`/config-sets/${encodeURIComponent(this.name)}${rest}`); },
    async load() {
      try {
        const [set, versions] = await Promise.all([get(this.path()), get(this.path('/versions'))]);
        this.version = set.version;
        this.entries = toRows(set.entries);
        this.files = Object.entries(set.files || {}).map(([name, content]) => ({ name, content }));
        this.versions = (versions.items || []).sort((a, b) => b.version - a.version);
      } catch (failure) {
        this.error = failure;
      }
    },
    msg(pointer) { return this.error?.fieldMessage?.(pointer) || null; },
    entryError(key) { return key ? this.msg(`/entries/${key}`) : null; },
    async save() {
      this.saving = true;
      this.error = null;
      const files = {};
      for (const file of this.files) if (file.name.trim()) files[file.name.trim()] = file.content;
      const body = { entries: fromRows(this.entries), files };
      try {
        const saved = this.name ? await put(this.path(), body)
          : await post(tenantPath('/config-sets'), { name: this.newName.trim(), ...body });
        notify(t('config-sets.saved', { name: saved.name, version: saved.version }));
        if (this.name) await this.load();
        this.$emit('saved', saved.name);
      } catch (failure) {
        this.error = failure;
      } finally {
        this.saving = false;
      }
    },
  },
  template: `
    <form class="card" novalidate @submit.prevent="save" data-test="config-set-form">
      <h2>{{ name ? t('config-sets.title', { name, version }) : t('config-sets.new') }}</h2>
      <div class="field" v-if="!name"><label for="config-set-name">{{ t('common.name') }}</label>
        <input id="config-set-name" v-model="newName" data-test="config-set-name" v-bind="invalidAttrs(msg('/name'), 'cs-name-err')">
        <ef-field-error id="cs-name-err" pointer="/name" :message="msg('/name')"></ef-field-error></div>
      <fieldset :disabled="!canEdit"><legend>{{ t('config-sets.entries') }}</legend>
        <ef-kv-editor v-model="entries" name="entries" :errors="entryError"></ef-kv-editor></fieldset>
      <fieldset :disabled="!canEdit"><legend>{{ t('config-sets.files') }}</legend>
        <div v-for="(file, i) in files" :key="i" class="field">
          <label :for="'file-name-' + i">{{ t('config-sets.file-name') }} {{ i + 1 }}</label>
          <div class="kv-row"><input :id="'file-name-' + i" v-model="file.name" data-test="file-name"
                 v-bind="invalidAttrs(msg('/files/' + file.name), 'file-err-' + i)">
            <button type="button" class="link danger" @click="files.splice(i, 1)" :aria-label="t('kv.remove', { n: i + 1 })">✕</button></div>
          <label :for="'file-content-' + i">{{ t('config-sets.file-content') }} {{ i + 1 }}</label>
          <textarea :id="'file-content-' + i" class="file-content" v-model="file.content" data-test="file-content"></textarea>
          <ef-field-error :id="'file-err-' + i" :pointer="'/files/' + file.name" :message="msg('/files/' + file.name)"></ef-field-error>
        </div>
        <button type="button" class="link" @click="files.push({ name: '', content: '' })" data-test="add-file">+ {{ t('config-sets.add-file') }}</button>
      </fieldset>
      <ef-problem :error="error"></ef-problem>
      <div class="toolbar" v-if="canEdit">
        <button type="submit" class="primary" :disabled="saving" data-test="config-set-save">{{ saving ? t('common.saving') : t('common.save') }}</button>
      </div>
      <template v-if="versions.length">
        <h3>{{ t('config-sets.versions') }}</h3>
        <table class="grid" data-test="config-set-versions">
          <thead><tr><th class="num">{{ t('templates.version') }}</th><th>{{ t('apps.revisions.by') }}</th><th>{{ t('apps.revisions.at') }}</th></tr></thead>
          <tbody><tr v-for="v in versions" :key="v.version"><td class="num">{{ v.version }}</td><td>{{ v.createdBy }}</td><td>{{ dateTime(v.createdAt) }}</td></tr></tbody>
        </table>
      </template>
    </form>`,
};
