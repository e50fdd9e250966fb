// Immediate checks for obvious mistakes in the deploy form, keyed by the JSON pointer the API would name.
// They only help while typing: the form is still sent, and the API's problem details are authoritative.
import { t } from '../../core/i18n.js';

const APP_NAME = /^[a-z0-9][a-z0-9_.-]{1,62}$/;
const blank = (value) => value === '' || value === null || value === undefined;

function integerAtLeast(value, min, max) {
  if (blank(value)) return null;
  const n = Number(value);
  if (!Number.isInteger(n)) return t('apps.check.integer');
  if (n < min || n > max) return t('apps.check.range', { min, max });
  return null;
}

/**
 * Messages by pointer ('/spec/memoryLimitMiB', '/spec/ports/0/hostPort', ...). Required fields are only
 * reported once the user tried to submit (attempted), so an empty new form is not red all over.
 */
export function checkForm(form, { create, attempted }) {
  const errors = {};
  const add = (pointer, message) => { if (message && !errors[pointer]) errors[pointer] = message; };
  if (attempted && !form.image.trim()) add('/spec/image', t('apps.check.required'));
  if (/\s/.test(form.image.trim())) add('/spec/image', t('apps.check.image'));
  if (create) {
    if (attempted && !form.name.trim()) add('/name', t('apps.check.required'));
    else if (form.name && !APP_NAME.test(form.name.trim())) add('/name', t('apps.check.app-name'));
  }
  add('/spec/memoryReservationMiB', integerAtLeast(form.memoryReservation, 6, 16777216));
  add('/spec/memoryLimitMiB', integerAtLeast(form.memoryLimit, 6, 16777216));
  if (!errors['/spec/memoryLimitMiB'] && !errors['/spec/memoryReservationMiB'] && !blank(form.memoryLimit)
      && !blank(form.memoryReservation) && Number(form.memoryReservation) > Number(form.memoryLimit)) {
    add('/spec/memoryReservationMiB', t('apps.check.reservation'));
  }
  if (!blank(form.cpuLimit) && !(Number(form.cpuLimit) >= 0.01 && Number(form.cpuLimit) <= 1024)) {
    add('/spec/cpuLimit', t('apps.check.cpu'));
  }
  form.ports.forEach((port, i) => {
    add(`/spec/ports/${i}/hostPort`, integerAtLeast(port.hostPort, 1, 65535));
    if (blank(port.containerPort)) add(`/spec/ports/${i}/containerPort`, attempted ? t('apps.check.required') : null);
    else add(`/spec/ports/${i}/containerPort`, integerAtLeast(port.containerPort, 1, 65535));
  });
  form.hostEntries.forEach((entry, i) => {
    if (attempted && !entry.host.trim()) add(`/spec/hostEntries/${i}/host`, t('apps.check.required'));
    if (attempted && !entry.ip.trim()) add(`/spec/hostEntries/${i}/ip`, t('apps.check.required'));
  });
  form.volumes.forEach((volume, i) => {
    if (volume.target && !volume.target.startsWith('/')) add(`/spec/volumes/${i}/target`, t('apps.check.absolute'));
    if (volume.type === 'bind' && volume.source && !volume.source.startsWith('/')) {
      add(`/spec/volumes/${i}/source`, t('apps.check.absolute'));
    }
  });
  if (form.workingDir && !form.workingDir.startsWith('/')) add('/spec/workingDir', t('apps.check.absolute'));
  if (attempted && form.placement === 'endpoints' && !form.endpoints.length) add('/target', t('apps.check.no-endpoint'));
  if (attempted && form.placement === 'selector' && !form.selector.trim()) add('/target/selector', t('apps.check.required'));
  if (attempted && form.placement === 'partition' && !form.partition.trim()) add('/target/partition', t('apps.check.required'));
  add('/rollout/batchSize', integerAtLeast(form.batchSize, 1, 10000));
  add('/rollout/maxUnavailable', integerAtLeast(form.maxUnavailable, 1, 10000));
  add('/rollout/pauseSeconds', integerAtLeast(form.pauseSeconds, 0, 86400));
  add('/rollout/canary/count', integerAtLeast(form.canaryCount, 1, 10000));
  return errors;
}
