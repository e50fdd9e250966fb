// An API failure as a readable message: the problem's detail, or a plain sentence for network trouble.
import { t } from '../core/i18n.js';

export default {
  name: 'EfProblem',
  props: { error: { type: Object, default: null } },
  computed: {
    text() {
      if (!this.error) return '';
      if (this.error.status === 0) return t('error.network', { detail: this.error.message });
      if (this.error.status === 403) return t('error.forbidden');
      if (this.error.status === 404) return t('error.not-found');
      return this.error.message || String(this.error);
    },
  },
  template: `<p v-if="error" class="problem" role="alert" data-test="problem">{{ text }}</p>`,
};
