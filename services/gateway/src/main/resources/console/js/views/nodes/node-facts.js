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
    // the endpoint's link profile as stored (a preset already expanded); members left out are the platform defaults
    link() {
      const p = this.node.linkProfile;
      if (!p) return t('link.defaults');
      const b = p.reconnectBackoff || {};
      const parts = [
        p.keepAliveSeconds === undefined ? null : t('link.keepalive', { s: p.keepAliveSeconds }),
        p.commandTtlSeconds === undefined ? null : t('link.ttl', { s: p.commandTtlSeconds }),
        p.replyTimeoutSeconds === undefined ? null : t('link.reply', { s: p.replyTimeoutSeconds }),
        p.reconnectBackoff ? t('link.backoff', { from: b.initialSeconds ?? 1, to: b.maxSeconds ?? 60 }) : null,
      ].filter((part) => part !== null);
      return (p.preset ? `${p.preset}: ` : '') + (parts.join(', ') || t('link.defaults'));
    },
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
      <dt>{{ t('fact.link') }}</dt><dd data-test="fact-link">{{ link }}</dd>
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
