// Alerts: firing and resolved alerts (live), the rules that raise them, and the silences that mute them.
// The tab lives in the URL (#/alerts?tab=rules) so a reload or a shared link opens the same tab.
import { t } from '../../core/i18n.js';
import { route, navigate } from '../../core/router.js';
import AlertList from './alert-list.js';
import AlertRules from './alert-rules.js';
import Silences from './silences.js';

const TABS = ['firing', 'resolved', 'rules', 'silences'];

export default {
  name: 'AlertsView',
  components: { AlertList, AlertRules, Silences },
  setup: () => ({ t, TABS }),
  computed: {
    tab() { return TABS.includes(route.query.tab) ? route.query.tab : 'firing'; },
  },
  methods: {
    select(tab) { navigate(`/alerts?tab=${tab}`); },
    onKey(event, index) {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      const next = TABS[(index + step + TABS.length) % TABS.length];
      this.select(next);
      this.$nextTick(() => this.$el.querySelector(`[data-test="tab-${next}"]`)?.focus());
    },
  },
  template: `
    <section class="ops-alerts">
      <h1>{{ t('ops.alerts') }}</h1>
      <div class="tabs" role="tablist" :aria-label="t('ops.alerts')">
        <button v-for="(name, index) in TABS" :key="name" type="button" role="tab" :aria-selected="tab === name"
                :tabindex="tab === name ? 0 : -1" :data-test="'tab-' + name" @click="select(name)"
                @keydown="onKey($event, index)">{{ t('ops.tab.' + name) }}</button>
      </div>
      <alert-list v-if="tab === 'firing' || tab === 'resolved'" :key="tab" :state="tab"></alert-list>
      <alert-rules v-else-if="tab === 'rules'"></alert-rules>
      <silences v-else></silences>
    </section>`,
};
