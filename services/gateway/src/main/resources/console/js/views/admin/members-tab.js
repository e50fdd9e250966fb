// The tenant's members and their roles: list, add (by user id, or for platform admins by picking a user or
// creating one), change the role, remove. A member's sessions end when the role changes.
import { get, put, del, tenantPath } from '../../core/api.js';
import { t } from '../../core/i18n.js';
import { session } from '../../core/session.js';
import { notify, confirmAction } from '../../core/notices.js';
import EfProblem from '../../components/problem.js';
import UserCreateForm from './user-create-form.js';

export const ROLES = ['viewer', 'operator', 'tenant-admin'];

export default {
  name: 'MembersTab',
  components: { EfProblem, UserCreateForm },
  data: () => ({ members: [], users: [], error: null, form: { user: '', role: 'viewer' }, formError: null, saving: false,
    creatingUser: false }),
  setup: () => ({ t, session, ROLES }),
  computed: {
    outsiders() {
      const inside = new Set(this.members.map((m) => m.userId));
      return this.users.filter((u) => !inside.has(u.id));
    },
  },
  mounted() { this.load(); },
  methods: {
    message(pointer) { return this.formError?.fieldMessage?.(pointer) || null; },
    async load() {
      try {
        this.members = (await get(tenantPath('/members'))).items || [];
        if (session.me?.platformAdmin) this.users = (await get('/api/v1/users')).items || [];
        this.error = null;
      } catch (failure) {
        this.error = failure;
      }
    },
    async setRole(userId, role, name) {
      await put(tenantPath(`/members/${encodeURIComponent(userId)}`), { role });
      notify(t('admin.member.saved', { name, role: t('admin.role.' + role) }));
    },
    async add() {
      this.saving = true;
      try {
        const user = this.form.user.trim();
        await this.setRole(user, this.form.role, this.users.find((u) => u.id === user)?.email || user);
        this.form.user = '';
        this.formError = null;
        await this.load();
      } catch (failure) {
        this.formError = failure;
      } finally {
        this.saving = false;
      }
    },
    async change(member, role) {
      try {
        await this.setRole(member.userId, role, member.email);
      } catch (failure) {
        notify(failure.message, 'error');
      }
      await this.load();
    },
    async remove(member) {
      if (!await confirmAction(t('admin.member.remove-confirm', { name: member.email }), t('admin.member.remove'))) return;
      try {
        await del(tenantPath(`/members/${encodeURIComponent(member.userId)}`));
        notify(t('admin.member.removed', { name: member.email }));
        await this.load();
      } catch (failure) {
        notify(failure.message, 'error');
      }
    },
    userCreated(user) {
      this.creatingUser = false;
      this.users.push(user);
      this.form.user = user.id;
      notify(t('admin.user.created', { name: user.email }));
    },
  },
  template: `
    <div>
      <form class="card" @submit.prevent="add" data-test="member-form" novalidate>
        <h2>{{ t('admin.member.add') }}</h2>
        <ef-problem :error="formError"></ef-problem>
        <div class="field-row">
          <div class="field" v-if="session.me && session.me.platformAdmin"><label for="member-user">{{ t('admin.member.user') }}</label>
            <select id="member-user" v-model="form.user" data-test="member-user">
              <option value="" disabled>{{ t('admin.member.pick') }}</option>
              <option v-for="user in outsiders" :key="user.id" :value="user.id">{{ user.email }} ({{ user.displayName }})</option>
            </select></div>
          <div class="field" v-else><label for="member-user">{{ t('admin.member.user-id') }}</label>
            <input id="member-user" v-model="form.user" required data-test="member-user" class="mono"
                   placeholder="00000000-0000-0000-0000-000000000000">
            <span class="hint">{{ t('admin.member.user-id-hint') }}</span></div>
          <div class="field"><label for="member-role">{{ t('admin.role') }}</label>
            <select id="member-role" v-model="form.role" :aria-invalid="!!message('/role')" data-test="member-role">
              <option v-for="role in ROLES" :key="role" :value="role">{{ t('admin.role.' + role) }}</option></select></div>
        </div>
        <div class="buttons">
          <button type="submit" class="primary" :disabled="saving || !form.user" data-test="member-add">{{ saving ? t('common.saving') : t('admin.member.add') }}</button>
          <button v-if="session.me && session.me.platformAdmin" type="button" @click="creatingUser = true" data-test="user-create">
            {{ t('admin.user.create') }}</button></div>
      </form>
      <user-create-form v-if="creatingUser" @close="creatingUser = false" @saved="userCreated"></user-create-form>
      <ef-problem :error="error"></ef-problem>
      <table class="grid" data-test="members">
        <thead><tr><th>{{ t('admin.member.email') }}</th><th>{{ t('admin.member.name') }}</th><th>{{ t('admin.role') }}</th>
          <th>{{ t('common.actions') }}</th></tr></thead>
        <tbody><tr v-for="member in members" :key="member.userId" data-test="member-row" :data-email="member.email">
          <td>{{ member.email }}</td><td>{{ member.displayName }}</td>
          <td><label class="sr-only" :for="'role-' + member.userId">{{ t('admin.role') }} {{ member.email }}</label>
            <select :id="'role-' + member.userId" :value="member.role" @change="change(member, $event.target.value)"
                    :disabled="member.userId === session.me.id" data-test="member-role-select">
              <option v-for="role in ROLES" :key="role" :value="role">{{ t('admin.role.' + role) }}</option></select></td>
          <td><button v-if="member.userId !== session.me.id" type="button" class="link danger" @click="remove(member)"
                      :aria-label="t('admin.member.remove') + ' ' + member.email" data-test="member-remove">{{ t('admin.member.remove') }}</button></td>
        </tr></tbody>
      </table>
      <p v-if="!members.length" class="muted">{{ t('common.empty') }}</p>
    </div>`,
};
