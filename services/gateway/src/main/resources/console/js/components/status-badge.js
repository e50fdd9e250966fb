// A coloured status word: online/running green, offline/exited grey, failed/firing red, the rest amber.
import { t } from '../core/i18n.js';

const GOOD = ['online', 'running', 'Running', 'succeeded', 'resolved', 'active', 'done', 'completed', 'ready'];
const BAD = ['offline', 'failed', 'Failed', 'firing', 'dead', 'aborted', 'oomkilled'];
const IDLE = ['exited', 'created', 'Stopped', 'paused', 'pending', 'disabled', 'removing'];

export default {
  name: 'EfStatus',
  props: { value: { type: String, default: '' } },
  computed: {
    kind() {
      if (GOOD.includes(this.value)) return 'good';
      if (BAD.includes(this.value)) return 'bad';
      if (IDLE.includes(this.value)) return 'idle';
      return 'busy';
    },
    text() {
      const key = `status.${this.value}`;
      const translated = t(key);
      return translated === key ? this.value : translated;
    },
  },
  template: `<span :class="['status', kind]" :data-status="value">{{ text }}</span>`,
};
