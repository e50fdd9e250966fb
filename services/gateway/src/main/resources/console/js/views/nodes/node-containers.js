// The containers of one node as its agent last reported them (名称/状态/容器IP/端口/镜像/操作), with multi-select
// actions, per-row delete, logs and inspect. Container changes raise no platform event, so the table re-reads the
// report every few seconds while shown, and after an action until the next report shows the change (bounded).
import { get, tenantPath } from '../../core/api.js';
import { t } from '../../core/i18n.js';
import { session } from '../../core/session.js';
import { notify, confirmAction } from '../../core/notices.js';
import { ago, dateTime } from '../../core/format.js';
import EfProblem from '../../components/problem.js';
import EfStatus from '../../components/status-badge.js';
import ContainerOutput from './container-output.js';
import { containerAction, commandDetail } from './container-commands.js';

const ACTIONS = ['start', 'stop', 'kill', 'restart', 'pause', 'resume'];
const EXPECTED = { start: ['running'], restart: ['running'], resume: ['running'], stop: ['exited', 'dead', 'created'],
  kill: ['exited', 'dead'], pause: ['paused'], remove: [] };
const REFRESH_MS = 10000;
const CONFIRM_POLL_MS = 1000;
const CONFIRM_BOUND_S = 15;

export function portText(port) {
  const published = port.hostPort ? `${port.hostPort}->` : '';
  return `${published}${port.containerPort}/${port.protocol}`;
}

export default {
  name: 'NodeContainers',
  components: { EfProblem, EfStatus, ContainerOutput },
  props: { endpointId: { type: String, required: true } },
  data: () => ({ report: null, selected: [], rows: {}, error: null, now: Date.now(), confirming: false }),
  setup: () => ({ t, ACTIONS, ago, dateTime, portText }),
  computed: {
    operator() { return session.can('operator'); },
    containers() {
      return [...(this.report?.containers || [])].sort((a, b) => a.name.localeCompare(b.name));
    },
    allSelected() {
      return this.containers.length > 0 && this.containers.every((c) => this.selected.includes(c.name));
    },
  },
  async mounted() {
    await this.load();
    this.timer = setInterval(() => { this.now = Date.now(); if (!this.confirming) this.load(); }, REFRESH_MS);
  },
  beforeUnmount() {
    clearInterval(this.timer);
    this.unmounted = true;
  },
  methods: {
    t,
    async load() {
      try {
        this.report = await get(tenantPath(`/endpoints/${encodeURIComponent(this.endpointId)}/containers`));
        this.now = Date.now();
        const names = new Set(this.report.containers.map((c) => c.name));
        this.selected = this.selected.filter((name) => names.has(name));
        this.error = null;
      } catch (failure) {
        this.error = failure;
      }
    },
    toggleAll(event) {
      this.selected = event.target.checked ? this.containers.map((c) => c.name) : [];
    },
    // Docker lists a published port once per address family (0.0.0.0 and ::): one text each is enough
    ports(container) { return [...new Set((container.ports || []).map(portText))].join(', ') || '—'; },
    ips(container) { return Object.values(container.ipAddresses || {}).join(', ') || '—'; },
    rowOf(name) { return this.rows[name] || {}; },
    async run(action, names, args) {
      const outcomes = await Promise.all(names.map(async (name) => {
        this.rows[name] = { busy: action };
        try {
          const command = await containerAction(this.endpointId, name, action, args);
          const ok = command.status === 'SUCCEEDED';
          this.rows[name] = { status: command.status, ok };
          if (!ok) {
            notify(t('containers.action-failed', { action: t('action.' + action), name, detail: commandDetail(command) }),
              'error');
          }
          return ok ? name : null;
        } catch (failure) {
          this.rows[name] = { message: failure.message, ok: false };
          notify(t('containers.action-failed', { action: t('action.' + action), name, detail: failure.message }), 'error');
          return null;
        }
      }));
      await this.confirm(action, outcomes.filter(Boolean));
    },
    runSelected(action) { return this.run(action, [...this.selected]); },
    async remove(container) {
      const question = container.managed && container.app
        ? t('containers.delete-managed-confirm', { name: container.name, app: container.app })
        : t('containers.delete-confirm', { name: container.name });
      if (!await confirmAction(question, t('action.remove'))) return;
      // the agent recreates an app's container under the same name: the removal shows as a new id
      this.removedIds = { ...this.removedIds, [container.name]: container.id };
      // force: Docker refuses to remove a running container otherwise; the confirmation says it is stopped first
      await this.run('remove', [container.name], { force: true });
    },
    reflected(action, names) {
      return names.every((name) => {
        const container = this.report?.containers.find((c) => c.name === name);
        if (action === 'remove') return !container || container.id !== this.removedIds?.[name];
        return Boolean(container) && EXPECTED[action].includes(container.state);
      });
    },
    // the agent reports its containers after each change; reread until the report shows what was done
    async confirm(action, names) {
      if (!names.length) return;
      this.confirming = true;
      const deadline = Date.now() + CONFIRM_BOUND_S * 1000;
      try {
        await this.load();
        while (!this.reflected(action, names) && Date.now() < deadline && !this.unmounted) {
          await new Promise((resolve) => { setTimeout(resolve, CONFIRM_POLL_MS); });
          await this.load();
        }
        if (!this.reflected(action, names) && !this.unmounted) {
          notify(t('containers.unconfirmed', { s: CONFIRM_BOUND_S }), 'error');
        }
      } finally {
        this.confirming = false;
      }
    },
  },
  template: `
    <section class="node-containers" data-test="containers">
      <div class="toolbar">
        <h2>{{ t('containers.title') }}</h2>
        <small v-if="report?.reportedAt" class="muted" :title="dateTime(report.reportedAt)" data-test="reported-at">
          {{ t('containers.reported', { when: ago(report.reportedAt, now) }) }}</small>
        <span class="spacer"></span>
        <template v-if="operator">
          <button v-for="action in ACTIONS" :key="action" type="button" :disabled="!selected.length"
                  :data-test="'containers-' + action" @click="runSelected(action)">{{ t('action.' + action) }}</button>
        </template>
        <button type="button" class="link" data-test="containers-refresh" @click="load">{{ t('common.refresh') }}</button>
      </div>
      <ef-problem :error="error"></ef-problem>
      <p v-if="report && !report.reportedAt" class="muted">{{ t('containers.never') }}</p>
      <table v-else-if="report" class="grid" data-test="containers-table">
        <thead><tr>
          <th v-if="operator"><input type="checkbox" :checked="allSelected" @change="toggleAll"
                                     :aria-label="t('containers.select-all')" data-test="containers-select-all"></th>
          <th>{{ t('containers.name') }}</th><th>{{ t('containers.status') }}</th><th>{{ t('containers.ip') }}</th>
          <th>{{ t('containers.ports') }}</th><th>{{ t('containers.image') }}</th><th>{{ t('containers.actions') }}</th>
        </tr></thead>
        <tbody>
          <tr v-for="container in containers" :key="container.id" data-test="container-row" :data-container="container.name"
              :data-id="container.id">
            <td v-if="operator"><input type="checkbox" :value="container.name" v-model="selected"
                       :aria-label="t('containers.select', { name: container.name })" data-test="container-select"></td>
            <td class="mono">{{ container.name }}</td>
            <td><ef-status :value="container.state" data-test="container-state"></ef-status>
              <small class="muted" v-if="container.status"> {{ container.status }}</small>
              <div v-if="rowOf(container.name).busy" class="row-progress" role="status" data-test="container-progress">
                {{ t('action.' + rowOf(container.name).busy) }} · {{ t('containers.waiting') }}</div>
              <div v-else-if="rowOf(container.name).status || rowOf(container.name).message"
                   :class="['row-result', { bad: !rowOf(container.name).ok }]" role="status" data-test="container-result">
                {{ rowOf(container.name).status ? t('command.' + rowOf(container.name).status) : rowOf(container.name).message }}
              </div></td>
            <td class="mono">{{ ips(container) }}</td>
            <td class="mono">{{ ports(container) }}</td>
            <td class="mono">{{ container.image }}</td>
            <td class="row-actions">
              <button type="button" class="link" data-test="container-logs" @click="$refs.output.show('logs', container.name)"
                      :aria-label="t('containers.logs') + ' ' + container.name">{{ t('containers.logs') }}</button>
              <button type="button" class="link" data-test="container-inspect"
                      @click="$refs.output.show('inspect', container.name)"
                      :aria-label="t('containers.inspect') + ' ' + container.name">{{ t('containers.inspect') }}</button>
              <button v-if="operator" type="button" class="link danger" data-test="container-delete"
                      :disabled="Boolean(rowOf(container.name).busy)" @click="remove(container)"
                      :aria-label="t('action.remove') + ' ' + container.name">{{ t('action.remove') }}</button>
            </td>
          </tr>
          <tr v-if="!containers.length"><td :colspan="operator ? 7 : 6" class="muted">{{ t('containers.none') }}</td></tr>
        </tbody>
      </table>
      <container-output ref="output" :endpoint-id="endpointId"></container-output>
    </section>`,
};
