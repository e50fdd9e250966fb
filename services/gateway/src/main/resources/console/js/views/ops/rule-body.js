// Between the alert rule form's fields and the API's bodies (rest/alert-rule and rest/alert-rule-tuning).
import { toRows, fromRows } from '../../components/kv-editor.js';

export const METRICS = ['node_cpu_percent', 'node_load1', 'node_load5', 'node_load15', 'node_memory_used_bytes',
  'node_memory_total_bytes', 'node_disk_used_bytes', 'node_disk_total_bytes', 'node_network_rx_bytes', 'node_network_tx_bytes',
  'container_cpu_percent', 'container_memory_usage_bytes', 'container_memory_limit_bytes', 'container_network_rx_bytes',
  'container_network_tx_bytes', 'container_blkio_read_bytes', 'container_blkio_write_bytes', 'container_restarts',
  'container_oom_killed', 'container_running'];
export const COMPARATORS = ['>', '>=', '<', '<=', '==', '!='];
export const SEVERITIES = ['critical', 'warning', 'info'];

/** The form's model for a rule (or a new one). */
export function toForm(rule) {
  const scope = rule.scope || {};
  return {
    name: rule.name || '', metric: rule.metric || 'node_cpu_percent', comparator: rule.comparator || '>',
    threshold: rule.threshold ?? '', forSeconds: rule.forSeconds ?? 0, severity: rule.severity || 'warning',
    selector: scope.selector || '', app: scope.app || '', container: scope.container || '',
    endpoints: (scope.endpoints || []).join(' '), labels: toRows(rule.labels), summary: rule.annotations?.summary || '',
    description: rule.annotations?.description || '', channels: [...(rule.channels || [])], enabled: rule.enabled ?? true,
  };
}

function number(text) {
  return text === '' || text === null ? text : Number(text);
}

/** The body of POST/PUT for a tenant's own rule; empty optional fields are left out. */
export function ruleBody(form, withChannels) {
  const scope = {};
  if (form.selector.trim()) scope.selector = form.selector.trim();
  if (form.app.trim()) scope.app = form.app.trim();
  if (form.container.trim()) scope.container = form.container.trim();
  const endpoints = form.endpoints.split(/[\s,]+/).filter(Boolean);
  if (endpoints.length) scope.endpoints = endpoints;
  const annotations = {};
  if (form.summary.trim()) annotations.summary = form.summary.trim();
  if (form.description.trim()) annotations.description = form.description.trim();
  const body = {
    name: form.name.trim(), metric: form.metric, comparator: form.comparator, threshold: number(form.threshold),
    forSeconds: number(form.forSeconds), severity: form.severity, labels: fromRows(form.labels), annotations,
    enabled: form.enabled,
  };
  if (Object.keys(scope).length) body.scope = scope;
  if (withChannels) body.channels = form.channels;
  return body;
}

/** The body of PUT for a built-in rule: only what a tenant may tune. */
export function tuningBody(form, withChannels) {
  const body = { enabled: form.enabled, threshold: number(form.threshold), forSeconds: number(form.forSeconds), severity: form.severity };
  if (withChannels) body.channels = form.channels;
  return body;
}
