// How values read in tables: times relative and absolute, sizes in binary units, durations short.
import { i18n, t } from './i18n.js';

export function dateTime(value) {
  if (!value) return '—';
  const date = new Date(value);
  return date.toLocaleString(i18n.locale, { hour12: false });
}

/** '3 min ago' style, from an ISO timestamp; '—' for none. */
export function ago(value, now = Date.now()) {
  if (!value) return '—';
  const seconds = Math.max(0, Math.round((now - new Date(value).getTime()) / 1000));
  if (seconds < 60) return t('time.seconds-ago', { n: seconds });
  if (seconds < 3600) return t('time.minutes-ago', { n: Math.floor(seconds / 60) });
  if (seconds < 86400) return t('time.hours-ago', { n: Math.floor(seconds / 3600) });
  return t('time.days-ago', { n: Math.floor(seconds / 86400) });
}

export function bytes(value) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let number = Number(value);
  let unit = 0;
  while (Math.abs(number) >= 1024 && unit < units.length - 1) {
    number /= 1024;
    unit += 1;
  }
  return `${number.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function percent(value) {
  return value === null || value === undefined ? '—' : `${Number(value).toFixed(1)} %`;
}

/** 'site=qingdao, line=a' from { site: 'qingdao', line: 'a' }. */
export function labelText(labels) {
  return Object.entries(labels || {}).map(([key, value]) => `${key}=${value}`).join(', ');
}
