// The logs tail or the inspect document of one container, in a modal: fetched when opened, with the agent's
// message when the command did not succeed.
import { t } from '../../core/i18n.js';
import EfModal from '../../components/modal.js';
import EfProblem from '../../components/problem.js';
import { containerLogs, containerInspect, commandDetail } from './container-commands.js';

const TAIL = 200;

export default {
  name: 'ContainerOutput',
  components: { EfModal, EfProblem },
  props: { endpointId: { type: String, required: true } },
  data: () => ({ kind: null, container: null, text: '', loading: false, error: null, failure: null }),
  computed: {
    title() {
      if (!this.kind) return '';
      return this.kind === 'logs' ? t('containers.logs-title', { name: this.container, n: TAIL })
        : t('containers.inspect-title', { name: this.container });
    },
  },
  methods: {
    t,
    async show(kind, container) {
      Object.assign(this, { kind, container, text: '', error: null, failure: null, loading: true });
      try {
        const command = kind === 'logs' ? await containerLogs(this.endpointId, container, TAIL)
          : await containerInspect(this.endpointId, container);
        if (this.container !== container || this.kind !== kind) return;
        if (command.status !== 'SUCCEEDED') {
          this.failure = `${t('command.' + command.status)}: ${commandDetail(command)}`;
        } else if (kind === 'logs') {
          const lines = command.reply?.output?.lines || [];
          this.text = lines.length ? lines.join('\n') : t('containers.no-lines');
        } else {
          this.text = JSON.stringify(command.reply?.output ?? null, null, 2);
        }
      } catch (failure) {
        this.error = failure;
      } finally {
        this.loading = false;
      }
    },
    close() { this.kind = null; },
  },
  template: `
    <ef-modal :open="kind !== null" :title="title" wide @close="close">
      <p v-if="loading" class="muted" role="status">{{ t('containers.waiting') }}</p>
      <ef-problem :error="error"></ef-problem>
      <p v-if="failure" class="problem" role="alert" data-test="output-failure">{{ failure }}</p>
      <pre v-if="text" :data-test="'output-' + kind" tabindex="0">{{ text }}</pre>
      <div class="buttons"><button type="button" @click="close" data-test="output-close">{{ t('common.close') }}</button></div>
    </ef-modal>`,
};
