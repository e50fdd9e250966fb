// 部署位置: where the app runs. By node: the tenant's endpoints narrowed by a fuzzy filter (every word typed must
// appear in the node's name, id or labels), each a checkbox; by label selector; or in a Kubernetes partition.
import { get, tenantPath, query } from '../../core/api.js';
import { t } from '../../core/i18n.js';
import { labelText } from '../../core/format.js';
import EfProblem from '../../components/problem.js';
import EfStatus from '../../components/status-badge.js';
import EfFieldError, { invalidAttrs } from './field-error.js';

const MAX_ENDPOINTS = 500;

export default {
  name: 'PlacementPicker',
  components: { EfProblem, EfStatus, EfFieldError },
  props: { form: { type: Object, required: true }, msg: { type: Function, required: true } },
  data: () => ({ endpoints: [], filter: '', error: null, loaded: false }),
  setup: () => ({ t, invalidAttrs, labelText }),
  computed: {
    matching() {
      const words = this.filter.toLowerCase().split(/\s+/).filter(Boolean);
      return this.endpoints.filter((endpoint) => {
        const haystack = [endpoint.name, endpoint.id, labelText(endpoint.labels)].join(' ').toLowerCase();
        return words.every((word) => haystack.includes(word)) || this.form.endpoints.includes(endpoint.id);
      });
    },
  },
  async mounted() {
    try {
      const page = await get(tenantPath(`/endpoints${query({ size: MAX_ENDPOINTS })}`));
      this.endpoints = page.items || [];
    } catch (failure) {
      this.error = failure;
    }
    this.loaded = true;
  },
  template: `
    <fieldset data-test="placement">
      <legend>{{ t('apps.form.placement') }}</legend>
      <div class="field-row" role="radiogroup" :aria-label="t('apps.form.placement')">
        <label><input type="radio" name="placement" value="endpoints" v-model="form.placement" data-test="placement-endpoints"> {{ t('apps.form.by-node') }}</label>
        <label><input type="radio" name="placement" value="selector" v-model="form.placement" data-test="placement-selector"> {{ t('apps.form.by-selector') }}</label>
        <label><input type="radio" name="placement" value="partition" v-model="form.placement" data-test="placement-partition"> {{ t('apps.form.by-partition') }}</label>
      </div>
      <div v-if="form.placement === 'endpoints'">
        <div class="field">
          <label for="endpoint-filter">{{ t('apps.form.filter') }}</label>
          <input id="endpoint-filter" type="search" v-model="filter" :placeholder="t('apps.form.filter')" data-test="endpoint-filter">
        </div>
        <ef-problem :error="error"></ef-problem>
        <ul class="endpoint-choices" data-test="endpoint-choices" :aria-describedby="msg('/target') ? 'target-err' : null">
          <li v-for="endpoint in matching" :key="endpoint.id">
            <label><input type="checkbox" :value="endpoint.id" v-model="form.endpoints" :data-test="'endpoint-' + endpoint.id">
              <strong>{{ endpoint.name }}</strong> <code>{{ endpoint.id }}</code>
              <ef-status :value="endpoint.status"></ef-status> <span class="muted">{{ labelText(endpoint.labels) }}</span></label>
          </li>
        </ul>
        <p v-if="loaded && !matching.length" class="muted">{{ t('apps.form.no-match') }}</p>
        <p class="hint">{{ t('apps.form.selected', { n: form.endpoints.length }) }}</p>
        <ef-field-error id="target-err" pointer="/target" :message="msg('/target/endpoints') || msg('/target')"></ef-field-error>
      </div>
      <div v-else-if="form.placement === 'selector'" class="field">
        <label for="selector">{{ t('apps.form.selector') }}</label>
        <input id="selector" v-model="form.selector" placeholder="site=qingdao,line in (a,b)" data-test="selector"
               v-bind="invalidAttrs(msg('/target/selector') || msg('/target'), 'selector-err')">
        <ef-field-error id="selector-err" pointer="/target/selector" :message="msg('/target/selector') || msg('/target')"></ef-field-error>
      </div>
      <div v-else class="field">
        <label for="partition">{{ t('apps.form.partition') }}</label>
        <input id="partition" v-model="form.partition" data-test="partition"
               v-bind="invalidAttrs(msg('/target/partition') || msg('/target'), 'partition-err')">
        <ef-field-error id="partition-err" pointer="/target/partition" :message="msg('/target/partition') || msg('/target')"></ef-field-error>
      </div>
    </fieldset>`,
};
