// Charts of one node over a chosen range: node CPU, memory and network, and CPU and memory per container.
import { t } from '../../core/i18n.js';
import EfChart from '../../components/chart.js';
import EfProblem from '../../components/problem.js';
import { RANGES, series, scaled, rate, sum, nodeOnly, containersOnly, spanning } from './node-metrics.js';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
const REFRESH_MS = 30000;

export default {
  name: 'NodeCharts',
  components: { EfChart, EfProblem },
  props: { endpointId: { type: String, required: true } },
  data: () => ({
    range: '1h', loading: false, error: null,
    cpu: [], memory: [], network: [], containerCpu: [], containerMemory: [],
  }),
  setup: () => ({ t, RANGES }),
  watch: { range() { this.load(); } },
  mounted() {
    this.load();
    this.timer = setInterval(() => this.load(), REFRESH_MS);
  },
  beforeUnmount() { clearInterval(this.timer); },
  methods: {
    t,
    async load() {
      const seconds = RANGES[this.range];
      const read = (metric, extra) => series(this.endpointId, metric, seconds, extra);
      this.loading = true;
      try {
        const [cpu, used, total, rx, tx, containerCpu, containerMemory] = await Promise.all([
          read('node_cpu_percent'), read('node_memory_used_bytes'), read('node_memory_total_bytes'),
          read('node_network_rx_bytes'), read('node_network_tx_bytes'),
          read('container_cpu_percent'), read('container_memory_usage_bytes'),
        ]);
        const span = (list) => spanning(list, seconds);
        this.cpu = span(nodeOnly(cpu).map((s) => ({ label: 'CPU', points: s.points })));
        this.memory = span([
          ...nodeOnly(used).map((s) => ({ label: t('charts.memory-used'), points: scaled(s.points, GIB) })),
          ...nodeOnly(total).map((s) => ({ label: t('charts.memory-total'), points: scaled(s.points, GIB) })),
        ]);
        this.network = span([
          { label: t('charts.rx'), points: scaled(sum(nodeOnly(rx).map((s) => rate(s.points))), 1024) },
          { label: t('charts.tx'), points: scaled(sum(nodeOnly(tx).map((s) => rate(s.points))), 1024) },
        ]);
        this.containerCpu = span(containersOnly(containerCpu).map((s) => ({ label: s.container, points: s.points })));
        this.containerMemory = span(containersOnly(containerMemory)
          .map((s) => ({ label: s.container, points: scaled(s.points, MIB) })));
        this.error = null;
      } catch (failure) {
        this.error = failure;
      } finally {
        this.loading = false;
      }
    },
  },
  template: `
    <section class="node-charts" data-test="node-charts">
      <div class="toolbar">
        <h2>{{ t('charts.title') }}</h2>
        <span class="spacer"></span>
        <div class="range" role="group" :aria-label="t('charts.range')">
          <button v-for="(seconds, key) in RANGES" :key="key" type="button" :aria-pressed="range === key ? 'true' : 'false'"
                  :data-test="'range-' + key" @click="range = key">{{ t('range.' + key) }}</button>
        </div>
      </div>
      <ef-problem :error="error"></ef-problem>
      <div class="charts" :aria-busy="loading ? 'true' : 'false'">
        <ef-chart :title="t('charts.node-cpu')" :series="cpu" unit="%" data-test="chart-node-cpu"></ef-chart>
        <ef-chart :title="t('charts.node-memory')" :series="memory" unit=" GiB" data-test="chart-node-memory"></ef-chart>
        <ef-chart :title="t('charts.node-network')" :series="network" unit=" KiB/s" data-test="chart-node-network"></ef-chart>
        <ef-chart :title="t('charts.container-cpu')" :series="containerCpu" unit="%" data-test="chart-container-cpu"></ef-chart>
        <ef-chart :title="t('charts.container-memory')" :series="containerMemory" unit=" MiB"
                  data-test="chart-container-memory"></ef-chart>
      </div>
    </section>`,
};
