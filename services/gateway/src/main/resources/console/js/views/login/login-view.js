// The sign-in form. After signing in the user lands where they wanted to go (or on the overview).
import { session } from '../../core/session.js';
import { t } from '../../core/i18n.js';
import { connectEvents } from '../../core/events.js';
import EfProblem from '../../components/problem.js';

export default {
  name: 'LoginView',
  components: { EfProblem },
  data: () => ({ email: '', password: '', error: null, busy: false }),
  setup: () => ({ session, t }),
  mounted() { this.$refs.email.focus(); },
  methods: {
    async submit() {
      this.busy = true;
      this.error = null;
      try {
        await session.login(this.email, this.password);
        connectEvents();
        const wanted = sessionStorage.getItem('edgefleet.after-login');
        sessionStorage.removeItem('edgefleet.after-login');
        location.hash = wanted && wanted !== '/login' ? wanted : '/overview';
      } catch (failure) {
        this.error = failure;
      } finally {
        this.busy = false;
      }
    },
  },
  template: `
    <main class="login" id="main">
      <form @submit.prevent="submit" class="card" data-test="login-form">
        <h1>{{ t('login.title') }}</h1>
        <p v-if="session.expiredNotice" class="notice info" role="status">{{ t('login.expired') }}</p>
        <label for="login-email">{{ t('login.email') }}</label>
        <input id="login-email" ref="email" v-model.trim="email" type="email" autocomplete="username" required>
        <label for="login-password">{{ t('login.password') }}</label>
        <input id="login-password" v-model="password" type="password" autocomplete="current-password" required>
        <ef-problem :error="error"></ef-problem>
        <button type="submit" class="primary" :disabled="busy" data-test="login-submit">{{ t('login.submit') }}</button>
      </form>
    </main>`,
};
