// A new platform user (platform admins only); the caller then gives it a role in the tenant.
import { post } from '../../core/api.js';
import { t } from '../../core/i18n.js';
import EfModal from '../../components/modal.js';
import EfProblem from '../../components/problem.js';

export default {
  name: 'UserCreateForm',
  components: { EfModal, EfProblem },
  emits: ['close', 'saved'],
  data: () => ({ form: { email: '', displayName: '', password: '' }, error: null, saving: false }),
  methods: {
    t,
    message(pointer) { return this.error?.fieldMessage?.(pointer) || null; },
    async submit() {
      this.saving = true;
      try {
        this.$emit('saved', await post('/api/v1/users', { ...this.form }));
      } catch (failure) {
        this.error = failure;
      } finally {
        this.saving = false;
      }
    },
  },
  template: `
    <ef-modal :open="true" :title="t('admin.user.create')" @close="$emit('close')">
      <form @submit.prevent="submit" data-test="user-form" novalidate>
        <ef-problem :error="error"></ef-problem>
        <div class="field"><label for="user-email">{{ t('admin.member.email') }}</label>
          <input id="user-email" type="email" v-model="form.email" required :aria-invalid="!!message('/email')" data-test="user-email">
          <span v-if="message('/email')" class="field-error">{{ message('/email') }}</span></div>
        <div class="field"><label for="user-name">{{ t('admin.member.name') }}</label>
          <input id="user-name" v-model="form.displayName" required :aria-invalid="!!message('/displayName')" data-test="user-name">
          <span v-if="message('/displayName')" class="field-error">{{ message('/displayName') }}</span></div>
        <div class="field"><label for="user-password">{{ t('admin.user.password') }}</label>
          <input id="user-password" type="password" autocomplete="new-password" v-model="form.password" required
                 :aria-invalid="!!message('/password')" data-test="user-password">
          <span v-if="message('/password')" class="field-error">{{ message('/password') }}</span></div>
        <div class="buttons">
          <button type="submit" class="primary" :disabled="saving" data-test="user-save">{{ saving ? t('common.saving') : t('common.create') }}</button>
          <button type="button" @click="$emit('close')">{{ t('common.cancel') }}</button></div>
      </form>
    </ef-modal>`,
};
