// Tabs kept in the URL (?tab=...), with arrow keys moving between them (WAI-ARIA tabs pattern).
import { t } from '../../core/i18n.js';
import { route, navigate } from '../../core/router.js';

export default {
  name: 'EfTabBar',
  props: { tabs: { type: Array, required: true }, label: { type: String, required: true }, prefix: { type: String, required: true } },
  computed: {
    current() { return this.tabs.includes(route.query.tab) ? route.query.tab : this.tabs[0]; },
  },
  methods: {
    t,
    select(tab) { navigate(`${route.path}?tab=${tab}`); },
    onKey(event, index) {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      const next = this.tabs[(index + step + this.tabs.length) % this.tabs.length];
      this.select(next);
      this.$nextTick(() => this.$el.querySelector(`[data-test="tab-${next}"]`)?.focus());
    },
  },
  template: `
    <div class="tabs" role="tablist" :aria-label="label">
      <button v-for="(name, index) in tabs" :key="name" type="button" role="tab" :aria-selected="current === name"
              :tabindex="current === name ? 0 : -1" :data-test="'tab-' + name" @click="select(name)"
              @keydown="onKey($event, index)">{{ t(prefix + name) }}</button>
    </div>`,
};

/** The tab the URL names, or the first. */
export function currentTab(tabs) {
  return tabs.includes(route.query.tab) ? route.query.tab : tabs[0];
}
