// The deploy form's state and its translation to and from the body of POST/PUT /api/v1/tenants/{t}/apps
// (schemas rest/app-create and app-spec). Memory is entered in MiB and the spec takes MiB (memoryLimitMiB),
// CPU in cores (cpuLimit). Empty optional fields are left out of the body so the platform's defaults apply.
import { fromRows, toRows } from '../../components/kv-editor.js';

export const RESTART_POLICIES = ['no', 'always', 'on-failure', 'unless-stopped'];
export const PULL_POLICIES = ['ifNotPresent', 'always'];
export const STRATEGIES = ['all-at-once', 'rolling', 'canary'];
export const FAILURE_POLICIES = ['pause', 'rollback', 'continue'];

/** A blank form. */
export function emptyForm() {
  return {
    image: '', name: '', network: '', hostEntries: [],
    placement: 'endpoints', endpoints: [], selector: '', partition: '',
    memoryReservation: '', memoryLimit: '', cpuLimit: '',
    volumes: [], env: [], command: '', entrypoint: '', workingDir: '', user: '',
    restartPolicy: '', maxRetries: '', pullPolicy: 'ifNotPresent', ports: [], labels: [],
    strategy: 'all-at-once', batchSize: '', maxUnavailable: '', pauseSeconds: '', canaryCount: '',
    canaryPromote: 'manual', healthySeconds: '', failurePolicy: 'pause', deadlineSeconds: '',
    configSets: [], registries: [],
  };
}

const blank = (value) => value === '' || value === null || value === undefined;
const number = (value) => (blank(value) ? undefined : Number(value));

/** Splits a command line into words; single or double quotes keep spaces inside one word. */
export function splitWords(text) {
  const words = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  let match;
  while ((match = pattern.exec(text || '')) !== null) words.push(match[1] ?? match[2] ?? match[3]);
  return words;
}

function joinWords(words) {
  return (words || []).map((word) => (/\s/.test(word) ? `"${word}"` : word)).join(' ');
}

function put(object, key, value) {
  if (value !== undefined && value !== '' && !(Array.isArray(value) && !value.length)) object[key] = value;
}

function spec(form) {
  const result = { image: form.image.trim() };
  put(result, 'pullPolicy', form.pullPolicy);
  put(result, 'network', form.network.trim());
  put(result, 'hostEntries', form.hostEntries.filter((h) => h.host || h.ip).map((h) => ({ host: h.host.trim(), ip: h.ip.trim() })));
  put(result, 'memoryReservationMiB', number(form.memoryReservation));
  put(result, 'memoryLimitMiB', number(form.memoryLimit));
  put(result, 'cpuLimit', number(form.cpuLimit));
  put(result, 'volumes', form.volumes.map((v) => {
    const volume = { type: v.type, target: v.target.trim(), readOnly: Boolean(v.readOnly) };
    if (v.type === 'bind') volume.source = v.source.trim();
    else volume.name = v.source.trim();
    return volume;
  }));
  const env = fromRows(form.env);
  if (Object.keys(env).length) result.env = env;
  put(result, 'command', splitWords(form.command));
  put(result, 'entrypoint', splitWords(form.entrypoint));
  put(result, 'workingDir', form.workingDir.trim());
  put(result, 'user', form.user.trim());
  if (form.restartPolicy) {
    result.restartPolicy = { name: form.restartPolicy };
    if (form.restartPolicy === 'on-failure' && !blank(form.maxRetries)) result.restartPolicy.maximumRetryCount = Number(form.maxRetries);
  }
  put(result, 'ports', form.ports.map((p) => {
    const port = { containerPort: number(p.containerPort) ?? null, protocol: p.protocol || 'tcp' };
    if (!blank(p.hostPort)) port.hostPort = Number(p.hostPort);
    return port;
  }));
  const labels = fromRows(form.labels);
  if (Object.keys(labels).length) result.labels = labels;
  return result;
}

function target(form) {
  if (form.placement === 'selector') return { selector: form.selector.trim() };
  if (form.placement === 'partition') return { partition: form.partition.trim() };
  return { endpoints: [...form.endpoints] };
}

function rollout(form) {
  const result = { strategy: form.strategy };
  if (form.strategy === 'all-at-once') return result;
  put(result, 'batchSize', number(form.batchSize));
  put(result, 'maxUnavailable', number(form.maxUnavailable));
  put(result, 'pauseSeconds', number(form.pauseSeconds));
  put(result, 'failurePolicy', form.failurePolicy);
  put(result, 'deadlineSeconds', number(form.deadlineSeconds));
  if (form.strategy === 'canary') {
    result.canary = { promote: form.canaryPromote };
    put(result.canary, 'count', number(form.canaryCount));
    if (form.canaryPromote === 'auto') put(result.canary, 'healthySeconds', number(form.healthySeconds));
  }
  return result;
}

/** The request body; with create, the app name is part of it (PUT takes it from the path). */
export function toBody(form, create) {
  const body = create ? { name: form.name.trim() } : {};
  body.spec = spec(form);
  body.target = target(form);
  body.rollout = rollout(form);
  put(body, 'configSets', form.configSets.filter((c) => c.name).map((c) => {
    const ref = { name: c.name };
    if (c.mountPath.trim()) ref.mountPath = c.mountPath.trim();
    return ref;
  }));
  put(body, 'registries', [...form.registries]);
  return body;
}

const text = (value) => (value === undefined || value === null ? '' : String(value));

/** The form for an existing app (GET .../apps/{name}), to edit it into its next revision. */
export function fromApp(app) {
  const s = app.spec || {};
  const r = app.rollout || {};
  const t = app.target || {};
  return {
    ...emptyForm(),
    image: s.image || '', name: app.name, network: s.network || '',
    hostEntries: (s.hostEntries || []).map((h) => ({ host: h.host, ip: h.ip })),
    placement: t.partition ? 'partition' : (t.selector && !t.endpoints ? 'selector' : 'endpoints'),
    endpoints: [...(t.endpoints || [])], selector: t.selector || '', partition: t.partition || '',
    memoryReservation: text(s.memoryReservationMiB), memoryLimit: text(s.memoryLimitMiB), cpuLimit: text(s.cpuLimit),
    volumes: (s.volumes || []).map((v) => ({ type: v.type, source: v.source || v.name || '', target: v.target, readOnly: Boolean(v.readOnly) })),
    env: toRows(s.env), command: joinWords(s.command), entrypoint: joinWords(s.entrypoint),
    workingDir: s.workingDir || '', user: s.user || '',
    restartPolicy: s.restartPolicy?.name || '', maxRetries: text(s.restartPolicy?.maximumRetryCount),
    pullPolicy: s.pullPolicy || 'ifNotPresent',
    ports: (s.ports || []).map((p) => ({ hostPort: text(p.hostPort), containerPort: text(p.containerPort), protocol: p.protocol || 'tcp' })),
    labels: toRows(s.labels),
    strategy: r.strategy || 'all-at-once', batchSize: text(r.batchSize), maxUnavailable: text(r.maxUnavailable),
    pauseSeconds: text(r.pauseSeconds), canaryCount: text(r.canary?.count), canaryPromote: r.canary?.promote || 'manual',
    healthySeconds: text(r.canary?.healthySeconds), failurePolicy: r.failurePolicy || 'pause',
    deadlineSeconds: text(r.deadlineSeconds),
    configSets: (app.configSets || []).map((c) => ({ name: c.name, mountPath: c.mountPath || '' })),
    registries: [...(app.registries || [])],
  };
}
