// What the platform knows about one node: its status and times, and the facts of the agent's last state report.
import { t } from '../../core/i18n.js';
import { ago, bytes, dateTime } from '../../core/format.js';
import EfStatus from '../../components/status-badge.js';

export default {
  name: 'NodeFacts',
  components: { EfStatus },
  props: { node: { type: Object, required: true } },
  setup: () => ({ t, ago, bytes, dateTime }),
  computed: {
    facts() { return this.node.facts || {}; },
    disk() {
      const f = this.facts;
      return f.diskTotalBytes === undefined ? '—' : `${bytes(f.diskFreeBytes)} / ${bytes(f.diskTotalBytes)}`;
    },
  },
  template: `
    <dl class="facts" data-test="node-facts">
      <dt>{{ t('fact.id') }}</dt><dd class="mono" data-test="fact-id">{{ node.id }}</dd>
      <dt>{{ t('fact.status') }}</dt><dd><ef-status :value="node.status" data-test="node-status"></ef-status>
        <small v-if="node.statusSince" class="muted"> {{ t('nodes.since', { when: dateTime(node.statusSince) }) }}</small></dd>
      <dt>{{ t('fact.last-seen') }}</dt><dd :title="dateTime(node.lastSeenAt)">{{ ago(node.lastSeenAt) }}</dd>
      <dt>{{ t('fact.heartbeat') }}</dt><dd>{{ node.heartbeatIntervalSeconds }} s</dd>
      <template v-if="node.facts">
        <dt>{{ t('fact.hostname') }}</dt><dd data-test="fact-hostname">{{ facts.hostname }}</dd>
        <dt>{{ t('fact.os') }}</dt><dd data-test="fact-os">{{ facts.os }}</dd>
        <dt>{{ t('fact.arch') }}</dt><dd>{{ facts.arch }}</dd>
        <dt>{{ t('fact.kernel') }}</dt><dd>{{ facts.kernel }}</dd>
        <dt>{{ t('fact.cpu') }}</dt><dd data-test="fact-cpu">{{ facts.cpuCores }}</dd>
        <dt>{{ t('fact.memory') }}</dt><dd data-test="fact-memory">{{ bytes(facts.memoryBytes) }}</dd>
        <dt>{{ t('fact.disk') }}</dt><dd>{{ disk }}</dd>
        <dt>{{ t('fact.docker') }}</dt><dd>{{ facts.dockerVersion || '—' }}</dd>
        <dt>{{ t('fact.agent') }}</dt><dd data-test="fact-agent">{{ node.agentVersion || facts.agentVersion || '—' }}</dd>
        <dt>{{ t('fact.addresses') }}</dt><dd class="mono">{{ (facts.ipAddresses || []).join(', ') || '—' }}</dd>
        <dt>{{ t('fact.timezone') }}</dt><dd>{{ facts.timezone || node.timezone || '—' }}</dd>
      </template>
      <dt>{{ t('fact.created') }}</dt><dd>{{ dateTime(node.createdAt) }}</dd>
      <template v-if="node.location"><dt>{{ t('fact.location') }}</dt><dd>{{ node.location }}</dd></template>
      <template v-if="node.description"><dt>{{ t('fact.description') }}</dt><dd>{{ node.description }}</dd></template>
    </dl>
    <p v-if="!node.facts" class="muted" data-test="no-facts">{{ t('nodes.no-facts') }}</p>`,
};
