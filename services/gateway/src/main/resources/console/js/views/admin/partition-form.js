// Create a partition (POST) or change its quota and container limits (PATCH; an emptied maximum is removed).
import { post, patch } from '../../core/api.js';
import { t } from '../../core/i18n.js';
import EfModal from '../../components/modal.js';
import EfProblem from '../../components/problem.js';

const QUOTA = ['cpu', 'memory', 'pods'];
const LIMITS = ['defaultCpu', 'defaultMemory', 'defaultRequestCpu', 'defaultRequestMemory', 'maxCpu', 'maxMemory'];

export default {
  name: 'PartitionForm',
  components: { EfModal, EfProblem },
  props: { partition: { type: Object, required: true }, clusters: { type: Array, required: true }, base: { type: String, required: true } },
  emits: ['close', 'saved'],
  data() {
    const p = this.partition;
    return {
      form: {
        name: p.name || '', cluster: p.cluster || this.clusters[0]?.name || '',
        quota: { cpu: '4', memory: '8Gi', pods: 20, ...(p.quota || {}) },
        limits: { defaultCpu: '500m', defaultMemory: '512Mi', defaultRequestCpu: '100m', defaultRequestMemory: '128Mi',
          maxCpu: '', maxMemory: '', ...(p.limits || {}) },
      },
      error: null, saving: false,
    };
  },
  setup: () => ({ t, QUOTA, LIMITS }),
  computed: { isNew() { return !this.partition.name; } },
  methods: {
    message(pointer) { return this.error?.fieldMessage?.(pointer) || null; },
    body() {
      const quota = { cpu: String(this.form.quota.cpu), memory: String(this.form.quota.memory), pods: Number(this.form.quota.pods) };
      const limits = {};
      for (const key of LIMITS) {
        const value = String(this.form.limits[key] ?? '').trim();
        if (value) limits[key] = value;
        else if (!this.isNew && key.startsWith('max')) limits[key] = null;
      }
      return this.isNew ? { cluster: this.form.cluster, name: this.form.name.trim(), quota, limits } : { quota, limits };
    },
    async submit() {
      this.saving = true;
      try {
        const saved = this.isNew
          ? await post(this.base, this.body(), { timeoutMs: 60000 })
          : await patch(`${this.base}/${encodeURIComponent(this.partition.name)}`, this.body(), { timeoutMs: 60000 });
        this.$emit('saved', saved);
      } catch (failure) {
        this.error = failure;
      } finally {
        this.saving = false;
      }
    },
  },
  template: `
    <ef-modal :open="true" :title="isNew ? t('admin.partition.create') : t('common.edit') + ' ' + partition.name" wide @close="$emit('close')">
      <form @submit.prevent="submit" data-test="partition-form" novalidate>
        <ef-problem :error="error"></ef-problem>
        <div class="field-row" v-if="isNew">
          <div class="field"><label for="partition-name">{{ t('common.name') }}</label>
            <input id="partition-name" v-model="form.name" required :aria-invalid="!!message('/name')" data-test="partition-name">
            <span v-if="message('/name')" class="field-error">{{ message('/name') }}</span></div>
          <div class="field"><label for="partition-cluster">{{ t('admin.partition.cluster') }}</label>
            <select id="partition-cluster" v-model="form.cluster" :aria-invalid="!!message('/cluster')">
              <option v-for="c in clusters" :key="c.id" :value="c.name">{{ c.name }}</option></select>
            <span v-if="message('/cluster')" class="field-error">{{ message('/cluster') }}</span></div>
        </div>
        <fieldset><legend>{{ t('admin.partition.quota') }}</legend><div class="field-row">
          <div class="field" v-for="key in QUOTA" :key="key"><label :for="'quota-' + key">{{ t('admin.partition.q.' + key) }}</label>
            <input :id="'quota-' + key" v-model="form.quota[key]" :aria-invalid="!!message('/quota/' + key)">
            <span v-if="message('/quota/' + key)" class="field-error">{{ message('/quota/' + key) }}</span></div></div></fieldset>
        <fieldset><legend>{{ t('admin.partition.limits') }}</legend><div class="field-row">
          <div class="field" v-for="key in LIMITS" :key="key"><label :for="'limit-' + key">{{ t('admin.partition.l.' + key) }}</label>
            <input :id="'limit-' + key" v-model="form.limits[key]" :aria-invalid="!!message('/limits/' + key)">
            <span v-if="message('/limits/' + key)" class="field-error">{{ message('/limits/' + key) }}</span></div></div></fieldset>
        <div class="buttons">
          <button type="submit" class="primary" :disabled="saving" data-test="partition-save">{{ saving ? t('common.saving') : t('common.save') }}</button>
          <button type="button" @click="$emit('close')">{{ t('common.cancel') }}</button></div>
      </form>
    </ef-modal>`,
};
