// A secret the API returns only once (API token, integration key, webhook secret): shown read-only with a copy
// button and a warning that it cannot be shown again. The parent forgets it when the box is closed.
import { t } from '../../core/i18n.js';
import { notify } from '../../core/notices.js';

export default {
  name: 'EfSecretOnce',
  props: { secret: { type: String, required: true }, label: { type: String, required: true }, id: { type: String, required: true } },
  emits: ['done'],
  methods: {
    t,
    async copy() {
      try {
        await navigator.clipboard.writeText(this.secret);
        notify(t('common.copied'));
      } catch {
        this.$refs.input.select();
        notify(t('admin.secret.select'));
      }
    },
  },
  template: `
    <div class="secret-once card" role="status" data-test="secret-once">
      <p class="hint"><strong>{{ t('admin.secret.once') }}</strong></p>
      <div class="field"><label :for="id">{{ label }}</label>
        <div class="toolbar"><input :id="id" ref="input" class="mono secret" readonly :value="secret" data-test="secret-value"
          @focus="$event.target.select()">
          <button type="button" @click="copy" data-test="secret-copy">{{ t('common.copy') }}</button>
          <button type="button" class="primary" @click="$emit('done')" data-test="secret-done">{{ t('admin.secret.done') }}</button>
        </div></div>
    </div>`,
};
