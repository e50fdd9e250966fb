// Who is signed in, in which tenant, with which role. Tokens live in sessionStorage: a closed tab signs out,
// and no token is ever readable by another origin. The access token lasts minutes; the refresh token renews it.
import { reactive } from 'vue';
import { api } from './api.js';

const STORAGE_KEY = 'edgefleet.session';
const ROLE_RANK = { viewer: 1, operator: 2, 'tenant-admin': 3 };

function stored() {
  try {
    return JSON.parse(sessionStorage.getItem(STORAGE_KEY)) || {};
  } catch {
    return {};
  }
}

export const session = reactive({
  accessToken: stored().accessToken || null,
  refreshToken: stored().refreshToken || null,
  tenant: stored().tenant || null,
  me: null,
  expiredNotice: false,

  get signedIn() {
    return Boolean(this.accessToken);
  },

  /** The caller's role in the current tenant; platform admins act as tenant admins everywhere. */
  get role() {
    if (this.me?.platformAdmin) return 'tenant-admin';
    return this.me?.memberships?.[this.tenant] || null;
  },

  /** True when the caller's role in the current tenant is at least the given one. */
  can(role) {
    return (ROLE_RANK[this.role] || 0) >= ROLE_RANK[role];
  },

  /** Tenants the switcher offers: the caller's memberships, or every tenant for a platform admin. */
  allTenants: [],

  get tenants() {
    return this.allTenants;
  },

  async login(email, password) {
    const tokens = await api('POST', '/api/v1/auth/login', { email, password });
    this.accessToken = tokens.accessToken;
    this.refreshToken = tokens.refreshToken;
    this.expiredNotice = false;
    await this.loadMe();
    this.save();
  },

  async loadMe() {
    this.me = await api('GET', '/api/v1/me');
    const member = Object.keys(this.me.memberships || {});
    const all = this.me.platformAdmin
      ? ((await api('GET', '/api/v1/tenants')).items || []).filter((t) => t.status !== 'disabled').map((t) => t.id)
      : [];
    this.allTenants = [...new Set([...member, ...all])].sort();
    const tenants = this.tenants;
    if (!tenants.includes(this.tenant)) this.tenant = tenants[0] || null;
  },

  /** Renews the access token; false when the refresh token is no longer good (the user must sign in). */
  async refresh() {
    if (!this.refreshRunning) {
      this.refreshRunning = api('POST', '/api/v1/auth/refresh', { refreshToken: this.refreshToken })
        .then((tokens) => {
          this.accessToken = tokens.accessToken;
          this.refreshToken = tokens.refreshToken;
          this.save();
          return true;
        })
        .catch(() => false)
        .finally(() => { this.refreshRunning = null; });
    }
    return this.refreshRunning;
  },

  async logout() {
    const refreshToken = this.refreshToken;
    this.clear();
    if (refreshToken) await api('POST', '/api/v1/auth/logout', { refreshToken }).catch(() => {});
  },

  /** The API refused the token even after a refresh: back to the login form, with a notice. */
  expired() {
    const tenant = this.tenant;
    this.clear();
    this.tenant = tenant; // the same user signing in again goes on where they were
    this.expiredNotice = true;
  },

  selectTenant(tenant) {
    this.tenant = tenant;
    this.save();
  },

  clear() {
    this.accessToken = null;
    this.refreshToken = null;
    this.me = null;
    // the next user starts in a tenant of their own, not in the one the previous user had chosen
    this.tenant = null;
    this.allTenants = [];
    sessionStorage.removeItem(STORAGE_KEY);
  },

  save() {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify({
      accessToken: this.accessToken, refreshToken: this.refreshToken, tenant: this.tenant,
    }));
  },
});
