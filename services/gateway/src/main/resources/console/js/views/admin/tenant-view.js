// Tenant administration: members and roles, API tokens, integration keys, webhook subscriptions, notification channels.
import { t } from '../../core/i18n.js';
import { session } from '../../core/session.js';
import EfRoleGate from './role-gate.js';
import EfTabBar, { currentTab } from './tab-bar.js';
import MembersTab from './members-tab.js';
import TokensTab from './tokens-tab.js';
import KeysTab from './keys-tab.js';
import SubscriptionsTab from './subscriptions-tab.js';
import ChannelsTab from './channels-tab.js';

const TABS = ['members', 'tokens', 'keys', 'subscriptions', 'channels'];

export default {
  name: 'TenantView',
  components: { EfRoleGate, EfTabBar, MembersTab, TokensTab, KeysTab, SubscriptionsTab, ChannelsTab },
  setup: () => ({ t, session, TABS }),
  computed: { tab() { return currentTab(TABS); } },
  template: `
    <section class="admin-tenant">
      <h1>{{ t('admin.tenant') }} <small class="muted">{{ session.tenant }}</small></h1>
      <ef-role-gate role="tenant-admin">
        <ef-tab-bar :tabs="TABS" :label="t('admin.tenant')" prefix="admin.tab."></ef-tab-bar>
        <members-tab v-if="tab === 'members'" :key="'m' + session.tenant"></members-tab>
        <tokens-tab v-else-if="tab === 'tokens'" :key="'t' + session.tenant"></tokens-tab>
        <keys-tab v-else-if="tab === 'keys'" :key="'k' + session.tenant"></keys-tab>
        <subscriptions-tab v-else-if="tab === 'subscriptions'" :key="'s' + session.tenant"></subscriptions-tab>
        <channels-tab v-else :key="'c' + session.tenant"></channels-tab>
      </ef-role-gate>
    </section>`,
};
