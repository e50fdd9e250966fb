// What the administration tabs share: a list read from one API path into `items` (or the `error` to show), read
// when the tab opens, and the field messages of the tab's form (`message('/name')`).
import { get } from './api.js';

/** A mixin for a tab listing `path()`'s items; `path` is a function so that it follows the current tenant. */
export function listTab(path) {
  return {
    data: () => ({ items: [], error: null, formError: null }),
    mounted() { this.load(); },
    methods: {
      message(pointer) { return this.formError?.fieldMessage?.(pointer) || null; },
      async load() {
        try {
          this.items = (await get(path())).items || [];
          this.error = null;
        } catch (failure) {
          this.error = failure;
        }
      },
    },
  };
}
