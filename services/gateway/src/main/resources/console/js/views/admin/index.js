import messages from './messages.js';
import AuditView from './audit-view.js';
import TenantView from './tenant-view.js';
import PlatformView from './platform-view.js';

export default {
  messages,
  routes: [
    { path: '/tenant', name: 'tenant', component: TenantView },
    { path: '/audit', name: 'audit', component: AuditView },
    { path: '/platform', name: 'platform', component: PlatformView },
  ],
  navigation: [
    { group: 'nav.group.admin', path: '/tenant', label: 'admin.tenant', role: 'tenant-admin' },
    { group: 'nav.group.admin', path: '/audit', label: 'admin.audit', role: 'tenant-admin' },
    { group: 'nav.group.admin', path: '/platform', label: 'admin.platform', platformAdmin: true },
  ],
};
