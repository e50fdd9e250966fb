// Short messages at the top of the screen (saved, deleted, failed) and the confirmation asked before
// anything destructive. Both are rendered once by the shell.
import { reactive } from 'vue';

export const notices = reactive({ items: [], confirmation: null });
let nextId = 1;

/** Shows a message for a few seconds; errors stay until dismissed. */
export function notify(text, kind = 'info') {
  const id = nextId++;
  notices.items.push({ id, text, kind });
  if (kind !== 'error') setTimeout(() => dismiss(id), 5000);
}

export function dismiss(id) {
  const index = notices.items.findIndex((item) => item.id === id);
  if (index >= 0) notices.items.splice(index, 1);
}

/** Asks the user to confirm; resolves true or false. */
export function confirmAction(message, confirmLabel) {
  return new Promise((resolve) => {
    notices.confirmation = { message, confirmLabel, resolve };
  });
}

export function answerConfirmation(answer) {
  const pending = notices.confirmation;
  notices.confirmation = null;
  if (pending) pending.resolve(answer);
}
