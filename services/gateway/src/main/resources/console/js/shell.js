// The frame around every screen: the header (tenant switcher, language, live indicator, sign out), the
// navigation grouped as operators know it, notices, the confirmation dialog, and the current view.
import { session } from './core/session.js';
import { i18n, LOCALES, setLocale, t } from './core/i18n.js';
import { route, href } from './core/router.js';
import { liveStatus, connectEvents } from './core/events.js';
import { notices, dismiss, answerConfirmation } from './core/notices.js';
import { navigation } from './routes.js';

export default {
  name: 'EfShell',
  setup() {
    return { session, i18n, LOCALES, route, liveStatus, notices, t, href, setLocale, dismiss, answerConfirmation };
  },
  computed: {
    groups() {
      const visible = navigation.filter((entry) => (entry.platformAdmin ? session.me?.platformAdmin
        : session.can(entry.role || 'viewer')));
      const groups = [];
      for (const entry of visible) {
        let group = groups.find((g) => g.key === entry.group);
        if (!group) groups.push(group = { key: entry.group, entries: [] });
        group.entries.push(entry);
      }
      return groups;
    },
  },
  watch: {
    'notices.confirmation'(now) {
      this.$nextTick(() => {
        const dialog = this.$refs.confirm;
        if (now && dialog && !dialog.open) dialog.showModal();
        if (!now && dialog?.open) dialog.close();
      });
    },
  },
  methods: {
    switchTenant(event) {
      session.selectTenant(event.target.value);
      connectEvents();
    },
    active(entry) {
      return route.path === entry.path || route.path.startsWith(`${entry.path}/`);
    },
    async logout() {
      await session.logout();
      location.hash = '/login';
    },
  },
  template: `
    <a class="skip" href="#main" @click.prevent="$refs.main.focus()">{{ t('shell.skip') }}</a>
    <header class="top">
      <a class="brand" :href="href('/overview')">edgefleet</a>
      <label class="inline">{{ t('shell.tenant') }}
        <select data-test="tenant-switcher" :value="session.tenant" @change="switchTenant">
          <option v-for="tenant in session.tenants" :key="tenant" :value="tenant">{{ tenant }}</option>
        </select>
      </label>
      <span :class="['live', { on: liveStatus.connected }]" data-test="live" role="status">
        {{ liveStatus.connected ? t('shell.live') : t('shell.live-off') }}</span>
      <span class="spacer"></span>
      <label class="inline">{{ t('shell.language') }}
        <select data-test="language" :value="i18n.locale" @change="setLocale($event.target.value)">
          <option v-for="(name, code) in LOCALES" :key="code" :value="code">{{ name }}</option>
        </select>
      </label>
      <span class="who" data-test="who">{{ session.me?.name || session.me?.id }}
        <small v-if="session.me?.platformAdmin">({{ t('shell.platform-admin') }})</small>
        <small v-else-if="session.role">({{ session.role }})</small></span>
      <button type="button" class="link" data-test="logout" @click="logout">{{ t('shell.logout') }}</button>
    </header>
    <div class="frame">
      <nav class="side" :aria-label="t('nav.label')">
        <section v-for="group in groups" :key="group.key">
          <h2>{{ t(group.key) }}</h2>
          <ul>
            <li v-for="entry in group.entries" :key="entry.path">
              <a :href="href(entry.path)" :class="{ active: active(entry) }" :aria-current="active(entry) ? 'page' : null"
                 :data-test="'nav-' + entry.path.slice(1)">{{ t(entry.label) }}</a>
            </li>
          </ul>
        </section>
      </nav>
      <main id="main" ref="main" tabindex="-1">
        <p v-if="!session.tenant" class="problem" role="alert">{{ t('shell.no-tenant') }}</p>
        <component v-else-if="route.component" :is="route.component" :key="session.tenant + route.path"></component>
        <p v-else class="problem" role="alert">{{ t('error.page-not-found') }}</p>
      </main>
    </div>
    <div class="notices" aria-live="polite">
      <p v-for="notice in notices.items" :key="notice.id" :class="['notice', notice.kind]"
         :role="notice.kind === 'error' ? 'alert' : 'status'" data-test="notice">
        {{ notice.text }} <button type="button" class="link" @click="dismiss(notice.id)" :aria-label="t('common.close')">✕</button>
      </p>
    </div>
    <dialog ref="confirm" class="modal" :aria-label="t('common.confirm')" @cancel.prevent="answerConfirmation(false)">
      <div class="modal-body" v-if="notices.confirmation">
        <p data-test="confirm-message">{{ notices.confirmation.message }}</p>
        <div class="buttons">
          <button type="button" autofocus @click="answerConfirmation(false)">{{ t('common.cancel') }}</button>
          <button type="button" class="danger" data-test="confirm-yes" @click="answerConfirmation(true)">
            {{ notices.confirmation.confirmLabel || t('common.confirm') }}</button>
        </div>
      </div>
    </dialog>`,
};
