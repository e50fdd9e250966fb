// Platform administration (platform admins only): tenants, Kubernetes clusters, and the current tenant's partitions.
import { t } from '../../core/i18n.js';
import EfRoleGate from './role-gate.js';
import EfTabBar, { currentTab } from './tab-bar.js';
import TenantsTab from './tenants-tab.js';
import ClustersTab from './clusters-tab.js';
import PartitionsTab from './partitions-tab.js';

const TABS = ['tenants', 'clusters', 'partitions'];

export default {
  name: 'PlatformView',
  components: { EfRoleGate, EfTabBar, TenantsTab, ClustersTab, PartitionsTab },
  setup: () => ({ t, TABS }),
  computed: { tab() { return currentTab(TABS); } },
  template: `
    <section class="admin-platform">
      <h1>{{ t('admin.platform') }}</h1>
      <ef-role-gate platform-admin>
        <ef-tab-bar :tabs="TABS" :label="t('admin.platform')" prefix="admin.tab."></ef-tab-bar>
        <tenants-tab v-if="tab === 'tenants'"></tenants-tab>
        <clusters-tab v-else-if="tab === 'clusters'"></clusters-tab>
        <partitions-tab v-else></partitions-tab>
      </ef-role-gate>
    </section>`,
};
