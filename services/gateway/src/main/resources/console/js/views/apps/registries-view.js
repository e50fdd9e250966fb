// 镜像仓库: the tenant's private registry credentials. Tenant admins create, edit and delete them; the stored
// password is never shown (the API never returns it): editing leaves it unchanged unless a new one is typed.
import { get, post, put, tenantPath } from '../../core/api.js';
import { confirmAndDelete } from '../../core/actions.js';
import { t } from '../../core/i18n.js';
import { session } from '../../core/session.js';
import { notify } from '../../core/notices.js';
import { dateTime } from '../../core/format.js';
import EfProblem from '../../components/problem.js';
import EfModal from '../../components/modal.js';
import EfFieldError, { invalidAttrs } from './field-error.js';

const FIELDS = ['name', 'host', 'username', 'password'];

export default {
  name: 'RegistriesView',
  components: { EfProblem, EfModal, EfFieldError },
  data: () => ({ registries: [], error: null, editing: null, form: {}, formError: null, saving: false, loaded: false }),
  setup: () => ({ t, session, dateTime, invalidAttrs, FIELDS }),
  async mounted() { await this.load(); },
  methods: {
    async load() {
      try {
        this.registries = (await get(tenantPath('/registries'))).items || [];
        this.error = null;
      } catch (failure) {
        this.error = failure;
      }
      this.loaded = true;
    },
    edit(registry) {
      this.formError = null;
      this.editing = registry || { name: '' };
      this.form = { name: registry?.name || '', host: registry?.host || '', username: registry?.username || '', password: '' };
    },
    msg(pointer) { return this.formError?.fieldMessage?.(pointer) || null; },
    async save() {
      this.saving = true;
      this.formError = null;
      const body = { host: this.form.host.trim(), username: this.form.username.trim() };
      if (this.form.password) body.password = this.form.password;
      try {
        const saved = this.editing.name
          ? await put(tenantPath(`/registries/${encodeURIComponent(this.editing.name)}`), body)
          : await post(tenantPath('/registries'), { name: this.form.name.trim(), ...body, password: this.form.password });
        notify(t('common.saved', { name: saved.name }));
        this.editing = null;
        this.form = {};
        await this.load();
      } catch (failure) {
        this.formError = failure;
      } finally {
        this.saving = false;
      }
    },
    async remove(name) {
      if (await confirmAndDelete(t('registries.confirm-delete', { name }),
        tenantPath(`/registries/${encodeURIComponent(name)}`), name)) await this.load();
    },
  },
  template: `
    <section class="registries">
      <h1>{{ t('nav.registries') }}</h1>
      <div class="toolbar" v-if="session.can('tenant-admin')">
        <button type="button" class="primary" @click="edit(null)" data-test="new-registry">{{ t('registries.new') }}</button>
      </div>
      <ef-problem :error="error"></ef-problem>
      <table class="grid" data-test="registries-table">
        <thead><tr><th>{{ t('common.name') }}</th><th>{{ t('registries.host') }}</th><th>{{ t('registries.username') }}</th>
          <th>{{ t('registries.password') }}</th><th>{{ t('apps.updated') }}</th><th v-if="session.can('tenant-admin')">{{ t('common.actions') }}</th></tr></thead>
        <tbody>
          <tr v-for="r in registries" :key="r.name" data-test="registry-row" :data-registry="r.name">
            <td>{{ r.name }}</td><td><code>{{ r.host }}</code></td><td>{{ r.username }}</td>
            <td>{{ r.hasPassword ? t('registries.stored') : '—' }}</td><td>{{ dateTime(r.updatedAt) }}</td>
            <td v-if="session.can('tenant-admin')" class="buttons">
              <button type="button" @click="edit(r)" data-test="edit-registry">{{ t('common.edit') }}</button>
              <button type="button" class="danger" @click="remove(r.name)" data-test="delete-registry">{{ t('common.delete') }}</button></td>
          </tr>
          <tr v-if="loaded && !registries.length"><td colspan="6" class="muted">{{ t('common.empty') }}</td></tr>
        </tbody>
      </table>
      <ef-modal :open="Boolean(editing)" :title="editing?.name ? t('registries.edit-title', { name: editing.name }) : t('registries.new')" @close="editing = null">
        <form novalidate @submit.prevent="save" data-test="registry-form">
          <div class="field" v-for="field in FIELDS" :key="field" v-show="field !== 'name' || !editing?.name">
            <label :for="'registry-' + field">{{ t('registries.' + field) }}</label>
            <input :id="'registry-' + field" v-model="form[field]" :type="field === 'password' ? 'password' : 'text'"
                   :autocomplete="field === 'password' ? 'new-password' : 'off'" :data-test="'registry-' + field"
                   :placeholder="field === 'password' && editing?.name ? t('registries.keep-password') : ''"
                   v-bind="invalidAttrs(msg('/' + field), 'registry-' + field + '-err')">
            <ef-field-error :id="'registry-' + field + '-err'" :pointer="'/' + field" :message="msg('/' + field)"></ef-field-error>
          </div>
          <ef-problem :error="formError"></ef-problem>
          <div class="toolbar">
            <button type="submit" class="primary" :disabled="saving" data-test="registry-save">{{ saving ? t('common.saving') : t('common.save') }}</button>
            <button type="button" @click="editing = null">{{ t('common.cancel') }}</button>
          </div>
        </form>
      </ef-modal>
    </section>`,
};
