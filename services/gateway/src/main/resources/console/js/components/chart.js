// A time series chart on uPlot. series: [{ label, points: [[epochSeconds, value], ...] }]; every series is
// aligned on the union of their timestamps (missing points stay gaps).
import uPlot from 'uplot';

const COLOURS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#be185d', '#4b5563'];

export default {
  name: 'EfChart',
  props: {
    title: { type: String, required: true },
    series: { type: Array, required: true },
    unit: { type: String, default: '' },
    height: { type: Number, default: 180 },
  },
  watch: { series: { handler() { this.draw(); }, deep: true } },
  mounted() {
    this.resize = new ResizeObserver(() => this.plot?.setSize({ width: this.width(), height: this.height }));
    this.resize.observe(this.$el);
    this.draw();
  },
  beforeUnmount() {
    this.resize?.disconnect();
    this.plot?.destroy();
  },
  methods: {
    width() { return Math.max(240, this.$el.clientWidth - 8); },
    draw() {
      this.plot?.destroy();
      this.plot = null;
      if (!this.series.length || this.series.every((s) => !s.points.length)) return;
      const times = [...new Set(this.series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
      const data = [times, ...this.series.map((s) => {
        const byTime = new Map(s.points.map((p) => [p[0], p[1]]));
        return times.map((time) => (byTime.has(time) ? byTime.get(time) : null));
      })];
      const unit = this.unit;
      this.plot = new uPlot({
        width: this.width(),
        height: this.height,
        series: [{}, ...this.series.map((s, i) => ({ label: s.label, stroke: COLOURS[i % COLOURS.length], width: 1.5 }))],
        // the y axis is as wide as its longest label (e.g. '16 KiB/s'), so no label is cut
        axes: [{}, {
          values: (u, values) => values.map((v) => `${v}${unit}`),
          size: (u, values) => (values ? Math.max(...values.map((v) => String(v).length)) * 7 + 18 : 50),
        }],
        legend: { live: true },
      }, data, this.$refs.canvas);
    },
  },
  template: `
    <figure class="chart" :aria-label="title">
      <figcaption>{{ title }}</figcaption>
      <div ref="canvas"></div>
      <p v-if="!series.length || series.every(s => !s.points.length)" class="muted">—</p>
    </figure>`,
};
