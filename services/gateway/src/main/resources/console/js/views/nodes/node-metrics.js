// Reads metric series of one node from the telemetry service (GET .../metrics/series) and turns them into the
// points EfChart draws. Byte counters (network) become rates: the difference between neighbouring points over
// their distance in seconds, per device, then summed per time; a counter that went down (reboot) leaves a gap.
import { get, tenantPath, query } from '../../core/api.js';

export const RANGES = { '15m': 900, '1h': 3600, '6h': 21600, '24h': 86400, '7d': 604800 };
// steps of whole minutes and hours let the telemetry service answer from its rollups (a few hundred points at most)
const STEPS = { 900: '15s', 3600: '60s', 21600: '5m', 86400: '10m', 604800: '1h' };
const MAX_CONTAINER_SERIES = 8;

/** The series of one metric: [{ container, device, points: [[epochSeconds, avg], ...] }]. */
export async function series(endpointId, metric, rangeSeconds, extra = {}) {
  const to = new Date();
  const from = new Date(to.getTime() - rangeSeconds * 1000);
  const body = await get(tenantPath(`/metrics/series${query({
    endpoint: endpointId, metric, from: from.toISOString(), to: to.toISOString(), step: STEPS[rangeSeconds], ...extra,
  })}`));
  return (body.series || []).map((s) => ({
    container: s.container || '', device: s.device || '',
    points: (s.points || []).map((p) => [Math.round(new Date(p.t).getTime() / 1000), p.avg]),
  }));
}

export function scaled(points, divisor) {
  return points.map(([time, value]) => [time, value === null ? null : Math.round((value / divisor) * 100) / 100]);
}

/** Per-second rate of a growing counter. */
export function rate(points) {
  const result = [];
  for (let i = 1; i < points.length; i += 1) {
    const [t0, v0] = points[i - 1];
    const [t1, v1] = points[i];
    if (t1 > t0 && v1 >= v0) result.push([t1, (v1 - v0) / (t1 - t0)]);
  }
  return result;
}

/** Sums several series' points that share a time. */
export function sum(lists) {
  const byTime = new Map();
  for (const points of lists) {
    for (const [time, value] of points) byTime.set(time, (byTime.get(time) || 0) + value);
  }
  return [...byTime.entries()].sort((a, b) => a[0] - b[0]);
}

/**
 * The chart spans the whole chosen range, not just the times that have points: the first series gets empty
 * points at both ends (EfChart aligns every series on the union of their times; empty points stay gaps).
 */
export function spanning(chartSeries, rangeSeconds) {
  if (!chartSeries.some((s) => s.points.length)) return chartSeries;
  const to = Math.round(Date.now() / 1000);
  const [first, ...rest] = chartSeries;
  return [{ ...first, points: [[to - rangeSeconds, null], ...first.points, [to, null]] }, ...rest];
}

/** Node series only (the node's own series have no container). */
export function nodeOnly(list) {
  return list.filter((s) => !s.container);
}

/** Container series, the busiest first, at most a handful so that the chart stays readable. */
export function containersOnly(list) {
  const peak = (s) => Math.max(0, ...s.points.map((p) => p[1] || 0));
  return list.filter((s) => s.container).sort((a, b) => peak(b) - peak(a)).slice(0, MAX_CONTAINER_SERIES);
}
