// Register a cluster: API URL and token (with a CA or, for test clusters, without TLS checks) or a kubeconfig.
import { post } from '../../core/api.js';
import { t } from '../../core/i18n.js';
import EfModal from '../../components/modal.js';
import EfProblem from '../../components/problem.js';

export default {
  name: 'ClusterForm',
  components: { EfModal, EfProblem },
  emits: ['close', 'saved'],
  data: () => ({ mode: 'token', form: { name: '', apiUrl: '', token: '', caCertPem: '', insecureSkipTlsVerify: false, kubeconfig: '' },
    error: null, saving: false }),
  methods: {
    t,
    message(pointer) { return this.error?.fieldMessage?.(pointer) || null; },
    body() {
      const f = this.form;
      if (this.mode === 'kubeconfig') return { name: f.name.trim(), kubeconfig: f.kubeconfig };
      const body = { name: f.name.trim(), apiUrl: f.apiUrl.trim(), token: f.token.trim() };
      if (f.caCertPem.trim()) body.caCertPem = f.caCertPem;
      if (f.insecureSkipTlsVerify) body.insecureSkipTlsVerify = true;
      return body;
    },
    async submit() {
      this.saving = true;
      try {
        this.$emit('saved', await post('/api/v1/clusters', this.body(), { timeoutMs: 60000 }));
      } catch (failure) {
        this.error = failure;
      } finally {
        this.saving = false;
      }
    },
  },
  template: `
    <ef-modal :open="true" :title="t('admin.cluster.create')" wide @close="$emit('close')">
      <form @submit.prevent="submit" data-test="cluster-form" novalidate>
        <ef-problem :error="error"></ef-problem>
        <div class="field"><label for="cluster-name">{{ t('common.name') }}</label>
          <input id="cluster-name" v-model="form.name" required :aria-invalid="!!message('/name')" data-test="cluster-name">
          <span v-if="message('/name')" class="field-error">{{ message('/name') }}</span></div>
        <fieldset><legend>{{ t('admin.cluster.access') }}</legend>
          <label class="inline"><input type="radio" value="token" v-model="mode" name="cluster-mode"> {{ t('admin.cluster.by-token') }}</label>
          <label class="inline"><input type="radio" value="kubeconfig" v-model="mode" name="cluster-mode"> kubeconfig</label>
          <template v-if="mode === 'token'">
            <div class="field"><label for="cluster-url">{{ t('admin.cluster.api-url') }}</label>
              <input id="cluster-url" v-model="form.apiUrl" placeholder="https://10.0.0.10:6443" :aria-invalid="!!message('/apiUrl')" data-test="cluster-url">
              <span v-if="message('/apiUrl')" class="field-error">{{ message('/apiUrl') }}</span></div>
            <div class="field"><label for="cluster-token">{{ t('admin.cluster.token') }}</label>
              <input id="cluster-token" type="password" autocomplete="off" v-model="form.token" :aria-invalid="!!message('/token')" data-test="cluster-token">
              <span v-if="message('/token')" class="field-error">{{ message('/token') }}</span></div>
            <div class="field"><label for="cluster-ca">{{ t('admin.cluster.ca') }}</label>
              <textarea id="cluster-ca" v-model="form.caCertPem" rows="3" class="mono" :aria-invalid="!!message('/caCertPem')"></textarea>
              <span v-if="message('/caCertPem')" class="field-error">{{ message('/caCertPem') }}</span></div>
            <label class="inline"><input type="checkbox" v-model="form.insecureSkipTlsVerify" data-test="cluster-insecure"> {{ t('admin.cluster.insecure') }}</label>
          </template>
          <div v-else class="field"><label for="cluster-kubeconfig">kubeconfig</label>
            <textarea id="cluster-kubeconfig" v-model="form.kubeconfig" rows="8" class="mono" :aria-invalid="!!message('/kubeconfig')"></textarea>
            <span v-if="message('/kubeconfig')" class="field-error">{{ message('/kubeconfig') }}</span></div>
        </fieldset>
        <div class="buttons">
          <button type="submit" class="primary" :disabled="saving" data-test="cluster-save">{{ saving ? t('admin.cluster.checking') : t('common.create') }}</button>
          <button type="button" @click="$emit('close')">{{ t('common.cancel') }}</button></div>
      </form>
    </ef-modal>`,
};
