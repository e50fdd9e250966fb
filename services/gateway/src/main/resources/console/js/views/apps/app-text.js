// How an app's target and a rollout's progress read in tables.
import { t } from '../../core/i18n.js';

/** 'ep-…, ep-…' / 'selector: site=a' / 'partition: p1' (endpoints and selector may be combined). */
export function targetText(target) {
  if (!target) return '—';
  if (target.partition) return t('apps.target-partition', { name: target.partition });
  const parts = [];
  if (target.endpoints?.length) parts.push(t('apps.target-endpoints', { list: target.endpoints.join(', ') }));
  if (target.selector) parts.push(t('apps.target-selector', { selector: target.selector }));
  return parts.join('; ') || '—';
}

/** Finished endpoints out of the rollout's total, as a percentage and 'succeeded/total (failed)'. */
export function progress(rollout) {
  const counts = rollout?.counts || {};
  const total = counts.total || 0;
  const done = (counts.succeeded || 0) + (counts.failed || 0) + (counts.skipped || 0);
  const percent = total ? Math.round((done * 100) / total) : 100;
  const failed = counts.failed ? ' ' + t('apps.failed-count', { n: counts.failed }) : '';
  return { percent, text: `${counts.succeeded || 0}/${total}${failed}` };
}

/** Which rollout actions the rollout's state allows (mirrors the deployment service's RolloutEngine.Action). */
export function allowedActions(rollout) {
  if (!rollout) return [];
  const state = rollout.state;
  const actions = [];
  if (state === 'running' || state === 'awaiting-promotion') actions.push('pause');
  if (state === 'paused') actions.push('resume');
  if (rollout.phase === 'canary' && (state === 'running' || state === 'awaiting-promotion')) actions.push('promote');
  if (state === 'running' || state === 'paused' || state === 'awaiting-promotion') actions.push('abort');
  return actions;
}
