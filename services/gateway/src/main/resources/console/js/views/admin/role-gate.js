// Wraps a screen that needs a role: callers below it read why they cannot use the screen instead of an empty page.
import { t } from '../../core/i18n.js';
import { session } from '../../core/session.js';

export default {
  name: 'EfRoleGate',
  props: { role: { type: String, default: null }, platformAdmin: { type: Boolean, default: false } },
  computed: {
    allowed() {
      if (this.platformAdmin) return Boolean(session.me?.platformAdmin);
      return session.can(this.role);
    },
    message() {
      return this.platformAdmin ? t('admin.gate.platform') : t('admin.gate.role', { role: t('admin.role.' + this.role) });
    },
  },
  template: `
    <slot v-if="allowed"></slot>
    <p v-else class="problem" role="alert" data-test="role-gate">{{ message }}</p>`,
};
