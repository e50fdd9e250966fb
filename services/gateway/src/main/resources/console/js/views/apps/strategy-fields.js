// The rollout strategy (all at once, rolling with batches, canary first) and the tenant's config sets and
// registries the app uses; the choices come from GET .../config-sets and GET .../registries.
import { get, tenantPath } from '../../core/api.js';
import { t } from '../../core/i18n.js';
import EfFieldError, { invalidAttrs } from './field-error.js';
import { STRATEGIES, FAILURE_POLICIES } from './app-form-model.js';

export default {
  name: 'StrategyFields',
  components: { EfFieldError },
  props: { form: { type: Object, required: true }, msg: { type: Function, required: true } },
  data: () => ({ sets: [], registries: [] }),
  setup: () => ({ t, invalidAttrs, STRATEGIES, FAILURE_POLICIES }),
  async mounted() {
    const [sets, registries] = await Promise.all([
      get(tenantPath('/config-sets')).catch(() => ({ items: [] })),
      get(tenantPath('/registries')).catch(() => ({ items: [] })),
    ]);
    this.sets = sets.items || [];
    this.registries = registries.items || [];
  },
  methods: {
    numberField(id, key, pointer, label) { return { id, key, pointer, label }; },
  },
  computed: {
    batchFields() {
      return [
        this.numberField('batch-size', 'batchSize', '/rollout/batchSize', 'apps.form.batch-size'),
        this.numberField('max-unavailable', 'maxUnavailable', '/rollout/maxUnavailable', 'apps.form.max-unavailable'),
        this.numberField('pause-seconds', 'pauseSeconds', '/rollout/pauseSeconds', 'apps.form.pause-seconds'),
        this.numberField('deadline-seconds', 'deadlineSeconds', '/rollout/deadlineSeconds', 'apps.form.deadline-seconds'),
      ];
    },
  },
  template: `
    <div>
      <fieldset data-test="strategy">
        <legend>{{ t('apps.form.strategy') }}</legend>
        <div class="field-row">
          <div class="field"><label for="strategy">{{ t('apps.form.strategy') }}</label>
            <select id="strategy" v-model="form.strategy" data-test="strategy-select">
              <option v-for="s in STRATEGIES" :key="s" :value="s">{{ t('apps.strategy.' + s) }}</option></select></div>
          <div class="field" v-if="form.strategy !== 'all-at-once'"><label for="failure-policy">{{ t('apps.form.failure-policy') }}</label>
            <select id="failure-policy" v-model="form.failurePolicy">
              <option v-for="p in FAILURE_POLICIES" :key="p" :value="p">{{ t('apps.failure.' + p) }}</option></select></div>
        </div>
        <div class="field-row" v-if="form.strategy !== 'all-at-once'">
          <div class="field" v-for="f in batchFields" :key="f.id"><label :for="f.id">{{ t(f.label) }}</label>
            <input :id="f.id" type="number" min="0" v-model="form[f.key]" :data-test="f.id" v-bind="invalidAttrs(msg(f.pointer), f.id + '-err')">
            <ef-field-error :id="f.id + '-err'" :pointer="f.pointer" :message="msg(f.pointer)"></ef-field-error></div>
        </div>
        <div class="field-row" v-if="form.strategy === 'canary'">
          <div class="field"><label for="canary-count">{{ t('apps.form.canary-count') }}</label>
            <input id="canary-count" type="number" min="1" v-model="form.canaryCount" data-test="canary-count"
                   v-bind="invalidAttrs(msg('/rollout/canary/count'), 'canary-count-err')">
            <ef-field-error id="canary-count-err" pointer="/rollout/canary/count" :message="msg('/rollout/canary/count')"></ef-field-error></div>
          <div class="field"><label for="canary-promote">{{ t('apps.form.canary-promote') }}</label>
            <select id="canary-promote" v-model="form.canaryPromote">
              <option value="manual">{{ t('apps.promote.manual') }}</option><option value="auto">{{ t('apps.promote.auto') }}</option></select></div>
          <div class="field" v-if="form.canaryPromote === 'auto'"><label for="healthy-seconds">{{ t('apps.form.healthy-seconds') }}</label>
            <input id="healthy-seconds" type="number" min="0" v-model="form.healthySeconds"
                   v-bind="invalidAttrs(msg('/rollout/canary/healthySeconds'), 'healthy-err')">
            <ef-field-error id="healthy-err" pointer="/rollout/canary/healthySeconds" :message="msg('/rollout/canary/healthySeconds')"></ef-field-error></div>
        </div>
      </fieldset>
      <fieldset data-test="config">
        <legend>{{ t('apps.form.config') }}</legend>
        <div v-for="(ref, i) in form.configSets" :key="i" class="kv-row">
          <label class="sr-only" :for="'config-set-' + i">{{ t('apps.form.config-set') }} {{ i + 1 }}</label>
          <select :id="'config-set-' + i" v-model="ref.name" data-test="config-set-select"
                  v-bind="invalidAttrs(msg('/configSets/' + i), 'config-set-err-' + i)">
            <option value="">{{ t('apps.form.choose') }}</option>
            <option v-for="set in sets" :key="set.name" :value="set.name">{{ set.name }} (v{{ set.version }})</option></select>
          <label class="sr-only" :for="'config-mount-' + i">{{ t('apps.form.mount-path') }} {{ i + 1 }}</label>
          <input :id="'config-mount-' + i" v-model="ref.mountPath" :placeholder="t('apps.form.mount-path')">
          <button type="button" class="link danger" @click="form.configSets.splice(i, 1)" :aria-label="t('kv.remove', { n: i + 1 })">✕</button>
          <ef-field-error :id="'config-set-err-' + i" :pointer="'/configSets/' + i" :message="msg('/configSets/' + i)"></ef-field-error>
        </div>
        <button type="button" class="link" data-test="add-config-set" @click="form.configSets.push({ name: '', mountPath: '' })">+ {{ t('apps.form.add-config-set') }}</button>
        <div class="field">
          <span class="label" id="registries-label">{{ t('apps.form.registries') }}</span>
          <div role="group" aria-labelledby="registries-label">
            <label v-for="r in registries" :key="r.name"><input type="checkbox" :value="r.name" v-model="form.registries"> {{ r.name }} <span class="muted">{{ r.host }}</span></label>
            <span v-if="!registries.length" class="muted">{{ t('apps.form.no-registries') }}</span>
          </div>
          <ef-field-error id="registries-err" pointer="/registries" :message="msg('/registries')"></ef-field-error>
        </div>
      </fieldset>
    </div>`,
};
