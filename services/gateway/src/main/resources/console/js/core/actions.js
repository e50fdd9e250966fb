// The console's one way to delete something: ask first, call the API, say what happened.
import { confirmAction, notify } from './notices.js';
import { t } from './i18n.js';
import { del } from './api.js';

/**
 * Asks `question`; on yes deletes `path` and tells the user that `name` is gone. Resolves true once deleted;
 * a refusal by the API shows as an error notice and resolves false.
 */
export async function confirmAndDelete(question, path, name, options) {
  if (!await confirmAction(question, t('common.delete'))) return false;
  try {
    await del(path, options);
    notify(t('common.deleted', { name }));
    return true;
  } catch (failure) {
    notify(failure.message, 'error');
    return false;
  }
}
