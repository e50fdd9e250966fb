// The secret of a node and the commands that start its agent, shown once: after creation and after a rotation.
// Every command the API answers with is shown (install, docker, jar, and any the registry adds later).
import { t } from '../../core/i18n.js';
import NodeCopyText from './copy-text.js';

const KNOWN = ['install', 'docker', 'jar'];

export default {
  name: 'NodeSecret',
  components: { NodeCopyText },
  props: { secret: { type: String, required: true }, runCommands: { type: Object, default: () => ({}) } },
  computed: {
    commands() {
      const keys = Object.keys(this.runCommands || {});
      const ordered = [...KNOWN.filter((key) => keys.includes(key)), ...keys.filter((key) => !KNOWN.includes(key))];
      return ordered.map((key) => ({ key, text: String(this.runCommands[key]) }));
    },
  },
  methods: {
    t,
    labelOf(key) {
      const label = t(`nodes.run.${key}`);
      return label === `nodes.run.${key}` ? key : label;
    },
  },
  template: `
    <div class="node-secret" data-test="node-secret">
      <p class="notice info" role="status">{{ t('nodes.secret-once') }}</p>
      <node-copy-text :text="secret" :label="t('nodes.secret')" name="secret-value"></node-copy-text>
      <node-copy-text v-for="command in commands" :key="command.key" :text="command.text" :label="labelOf(command.key)"
                      :name="'run-' + command.key"></node-copy-text>
    </div>`,
};
