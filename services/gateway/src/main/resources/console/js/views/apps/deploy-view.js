// 部署应用: the seed's deploy form, every field of it, plus rollout strategy, config sets and registries. It creates
// an app (POST .../apps) or, at /apps/:name/edit, makes the app's next revision (PUT .../apps/{name}). Messages
// from the API's problem details appear beside their fields; immediate checks catch obvious mistakes while typing.
import { get, post, put, tenantPath } from '../../core/api.js';
import { t } from '../../core/i18n.js';
import { session } from '../../core/session.js';
import { route, href, navigate } from '../../core/router.js';
import { notify } from '../../core/notices.js';
import EfProblem from '../../components/problem.js';
import EfKvEditor from '../../components/kv-editor.js';
import EfFieldError, { invalidAttrs } from './field-error.js';
import PlacementPicker from './placement-picker.js';
import StrategyFields from './strategy-fields.js';
import { HostEntriesEditor, VolumesEditor, PortsEditor } from './row-editors.js';
import { emptyForm, fromApp, toBody, RESTART_POLICIES, PULL_POLICIES } from './app-form-model.js';
import { checkForm } from './app-form-checks.js';

export default {
  name: 'DeployView',
  components: { EfProblem, EfKvEditor, EfFieldError, PlacementPicker, StrategyFields, HostEntriesEditor, VolumesEditor, PortsEditor },
  data: () => ({ form: emptyForm(), error: null, saving: false, attempted: false, loading: false }),
  setup: () => ({ t, session, href, invalidAttrs, RESTART_POLICIES, PULL_POLICIES }),
  computed: {
    editing() { return route.name === 'app-edit' ? route.params.name : null; },
    checks() { return checkForm(this.form, { create: !this.editing, attempted: this.attempted }); },
  },
  async mounted() {
    if (!this.editing || !session.can('operator')) return;
    this.loading = true;
    try {
      this.form = fromApp(await get(tenantPath(`/apps/${encodeURIComponent(this.editing)}`)));
    } catch (failure) {
      this.error = failure;
    }
    this.loading = false;
  },
  methods: {
    /** The API's message for a field wins; else the immediate check's. */
    msg(pointer) {
      return this.error?.fieldMessage?.(pointer) || this.checks[pointer] || null;
    },
    envError(key) { return key ? this.msg(`/spec/env/${key}`) : null; },
    labelError(key) { return key ? this.msg(`/spec/labels/${key}`) : null; },
    async submit() {
      if (this.saving) return;
      this.attempted = true;
      this.saving = true;
      this.error = null;
      try {
        const body = toBody(this.form, !this.editing);
        const app = this.editing
          ? await put(tenantPath(`/apps/${encodeURIComponent(this.editing)}`), body)
          : await post(tenantPath('/apps'), body);
        notify(t('common.saved', { name: app.name }));
        navigate(`/apps/${encodeURIComponent(app.name)}`);
      } catch (failure) {
        this.error = failure;
        this.$nextTick(() => this.$el.querySelector?.('[aria-invalid="true"]')?.focus());
      } finally {
        this.saving = false;
      }
    },
  },
  template: `
    <section class="deploy-form">
      <h1>{{ editing ? t('apps.edit-title', { name: editing }) : t('apps.deploy') }}</h1>
      <p v-if="!session.can('operator')" class="problem" role="alert" data-test="role-required">{{ t('apps.needs-operator') }}</p>
      <form v-else novalidate @submit.prevent="submit" data-test="deploy-form">
        <p v-if="loading" class="muted">{{ t('common.loading') }}</p>
        <fieldset><legend>{{ t('apps.form.container') }}</legend>
          <div class="field"><label for="image">{{ t('apps.form.image') }}</label>
            <input id="image" v-model="form.image" placeholder="reg.example/vision/inspector:1.2" data-test="image"
                   autocomplete="off" v-bind="invalidAttrs(msg('/spec/image'), 'image-err')">
            <ef-field-error id="image-err" pointer="/spec/image" :message="msg('/spec/image')"></ef-field-error></div>
        </fieldset>
        <fieldset><legend>{{ t('apps.form.basics') }}</legend>
          <div class="field-row">
            <div class="field"><label for="app-name">{{ t('apps.form.name') }}</label>
              <input id="app-name" v-model="form.name" :disabled="Boolean(editing)" data-test="app-name" autocomplete="off"
                     v-bind="invalidAttrs(msg('/name'), 'name-err')">
              <ef-field-error id="name-err" pointer="/name" :message="msg('/name')"></ef-field-error></div>
            <div class="field"><label for="network">{{ t('apps.form.network') }}</label>
              <input id="network" v-model="form.network" placeholder="bridge" data-test="network"
                     v-bind="invalidAttrs(msg('/spec/network'), 'network-err')">
              <ef-field-error id="network-err" pointer="/spec/network" :message="msg('/spec/network')"></ef-field-error></div>
          </div>
          <h3 class="sub">{{ t('apps.form.host-entries') }}</h3>
          <host-entries-editor :rows="form.hostEntries" :msg="msg"></host-entries-editor>
        </fieldset>
        <placement-picker :form="form" :msg="msg"></placement-picker>
        <fieldset><legend>{{ t('apps.form.resources') }}</legend>
          <div class="field-row">
            <div class="field"><label for="memory-reservation">{{ t('apps.form.memory-reservation') }}</label>
              <input id="memory-reservation" type="number" v-model="form.memoryReservation" data-test="memory-reservation"
                     v-bind="invalidAttrs(msg('/spec/memoryReservationMiB'), 'mem-res-err')">
              <ef-field-error id="mem-res-err" pointer="/spec/memoryReservationMiB" :message="msg('/spec/memoryReservationMiB')"></ef-field-error></div>
            <div class="field"><label for="memory-limit">{{ t('apps.form.memory-limit') }}</label>
              <input id="memory-limit" type="number" v-model="form.memoryLimit" data-test="memory-limit"
                     v-bind="invalidAttrs(msg('/spec/memoryLimitMiB'), 'mem-limit-err')">
              <ef-field-error id="mem-limit-err" pointer="/spec/memoryLimitMiB" :message="msg('/spec/memoryLimitMiB')"></ef-field-error></div>
            <div class="field"><label for="cpu-limit">{{ t('apps.form.cpu-limit') }}</label>
              <input id="cpu-limit" type="number" step="0.01" v-model="form.cpuLimit" data-test="cpu-limit"
                     v-bind="invalidAttrs(msg('/spec/cpuLimit'), 'cpu-err')">
              <ef-field-error id="cpu-err" pointer="/spec/cpuLimit" :message="msg('/spec/cpuLimit')"></ef-field-error></div>
          </div>
        </fieldset>
        <fieldset><legend>{{ t('apps.form.volumes') }}</legend>
          <volumes-editor :rows="form.volumes" :msg="msg"></volumes-editor></fieldset>
        <fieldset><legend>{{ t('apps.form.env') }}</legend>
          <ef-kv-editor v-model="form.env" name="env" :add-label="t('apps.form.add-env')" :errors="envError"></ef-kv-editor>
          <ef-field-error id="env-err" pointer="/spec/env" :message="msg('/spec/env')"></ef-field-error></fieldset>
        <fieldset><legend>{{ t('apps.form.startup') }}</legend>
          <div class="field-row">
            <div class="field" v-for="f in [['command', 'command', '/spec/command', 'sh -c &quot;…&quot;'], ['entrypoint', 'entrypoint', '/spec/entrypoint', ''], ['working-dir', 'workingDir', '/spec/workingDir', '/app'], ['user', 'user', '/spec/user', '1000:1000']]" :key="f[0]">
              <label :for="f[0]">{{ t('apps.form.' + f[0]) }}</label>
              <input :id="f[0]" v-model="form[f[1]]" :data-test="f[0]" :placeholder="f[3]" v-bind="invalidAttrs(msg(f[2]), f[0] + '-err')">
              <ef-field-error :id="f[0] + '-err'" :pointer="f[2]" :message="msg(f[2])"></ef-field-error></div>
          </div>
        </fieldset>
        <div class="field-row">
          <fieldset class="grow"><legend>{{ t('apps.form.restart') }}</legend>
            <div class="field-row"><div class="field"><label for="restart-policy">{{ t('apps.form.restart') }}</label>
              <select id="restart-policy" v-model="form.restartPolicy" data-test="restart-policy"
                      v-bind="invalidAttrs(msg('/spec/restartPolicy'), 'restart-err')">
                <option value="">{{ t('apps.form.default') }}</option>
                <option v-for="p in RESTART_POLICIES" :key="p" :value="p">{{ p }}</option></select>
              <ef-field-error id="restart-err" pointer="/spec/restartPolicy" :message="msg('/spec/restartPolicy')"></ef-field-error></div>
            <div class="field" v-if="form.restartPolicy === 'on-failure'"><label for="max-retries">{{ t('apps.form.max-retries') }}</label>
              <input id="max-retries" type="number" min="0" v-model="form.maxRetries"></div></div>
          </fieldset>
          <fieldset class="grow"><legend>{{ t('apps.form.pull') }}</legend>
            <div class="field"><label for="pull-policy">{{ t('apps.form.pull') }}</label>
              <select id="pull-policy" v-model="form.pullPolicy" data-test="pull-policy">
                <option v-for="p in PULL_POLICIES" :key="p" :value="p">{{ p }}</option></select></div>
          </fieldset>
        </div>
        <fieldset><legend>{{ t('apps.form.ports') }}</legend>
          <ports-editor :rows="form.ports" :msg="msg"></ports-editor></fieldset>
        <fieldset><legend>{{ t('apps.form.labels') }}</legend>
          <ef-kv-editor v-model="form.labels" name="labels" :add-label="t('apps.form.add-label')" :errors="labelError"></ef-kv-editor>
          <ef-field-error id="labels-err" pointer="/spec/labels" :message="msg('/spec/labels')"></ef-field-error></fieldset>
        <strategy-fields :form="form" :msg="msg"></strategy-fields>
        <ef-problem :error="error"></ef-problem>
        <div class="toolbar">
          <button type="submit" class="primary" :disabled="saving" data-test="deploy-submit">
            {{ saving ? t('common.saving') : (editing ? t('apps.save-revision') : t('apps.deploy')) }}</button>
          <a :href="editing ? href('/apps/' + editing) : href('/apps')">{{ t('common.cancel') }}</a>
        </div>
      </form>
    </section>`,
};
