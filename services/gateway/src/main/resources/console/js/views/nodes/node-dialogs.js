// The dialogs that change an edge node, shared by the list and the detail page: add (name + labels), edit labels,
// rotate the credential, delete. Parents call them through a ref: this.$refs.dialogs.add(), .edit(node),
// .rotate(node), .remove(node); 'changed' and 'deleted' tell the parent to reload.
import { post, patch, tenantPath } from '../../core/api.js';
import { confirmAndDelete } from '../../core/actions.js';
import { t } from '../../core/i18n.js';
import { notify, confirmAction } from '../../core/notices.js';
import EfModal from '../../components/modal.js';
import EfProblem from '../../components/problem.js';
import EfKvEditor, { toRows, fromRows } from '../../components/kv-editor.js';
import NodeSecret from './node-secret.js';

export default {
  name: 'NodeDialogs',
  components: { EfModal, EfProblem, EfKvEditor, NodeSecret },
  emits: ['changed', 'deleted'],
  data: () => ({
    mode: null, node: null, name: '', rows: [], busy: false, error: null, shown: null,
  }),
  computed: {
    title() {
      if (this.mode === 'add') return t('nodes.add');
      if (this.mode === 'edit') return t('nodes.edit-title', { name: this.node?.name });
      return t('nodes.secret-title', { name: this.shown?.name || '' });
    },
    nameError() { return this.error?.fieldMessage?.('/name') || null; },
    labelsError() { return this.error?.fieldMessage?.('/labels') || null; },
  },
  methods: {
    t,
    add() {
      Object.assign(this, { mode: 'add', node: null, name: '', rows: [{ key: '', value: '' }], error: null, shown: null });
    },
    edit(node) {
      Object.assign(this, { mode: 'edit', node, rows: toRows(node.labels), error: null, shown: null });
      if (!this.rows.length) this.rows.push({ key: '', value: '' });
    },
    close() {
      if (this.busy) return;
      this.mode = null;
      this.shown = null;
    },
    async submit() {
      this.busy = true;
      this.error = null;
      try {
        if (this.mode === 'add') {
          const created = await post(tenantPath('/endpoints'), { name: this.name, labels: fromRows(this.rows) });
          notify(t('nodes.created', { name: created.name }));
          this.shown = { name: created.name, secret: created.secret, runCommands: created.runCommands };
          this.mode = 'secret';
          this.$emit('changed', created);
        } else {
          const updated = await patch(tenantPath(`/endpoints/${encodeURIComponent(this.node.id)}`),
            { labels: fromRows(this.rows) });
          notify(t('common.saved', { name: updated.name }));
          this.mode = null;
          this.$emit('changed', updated);
        }
      } catch (failure) {
        this.error = failure;
      } finally {
        this.busy = false;
      }
    },
    async rotate(node) {
      if (!await confirmAction(t('nodes.rotate-confirm', { name: node.name }), t('nodes.rotate'))) return;
      try {
        const credential = await post(tenantPath(`/endpoints/${encodeURIComponent(node.id)}/credentials`));
        notify(t('nodes.rotated', { name: node.name }));
        this.shown = { name: node.name, secret: credential.secret, runCommands: credential.runCommands };
        this.error = null;
        this.mode = 'secret';
      } catch (failure) {
        notify(failure.message, 'error');
      }
    },
    async remove(node) {
      if (await confirmAndDelete(t('nodes.delete-confirm', { name: node.name }),
        tenantPath(`/endpoints/${encodeURIComponent(node.id)}`), node.name)) this.$emit('deleted', node);
    },
  },
  template: `
    <ef-modal :open="mode !== null" :title="title" @close="close" :wide="mode === 'secret'">
      <form v-if="mode === 'add' || mode === 'edit'" @submit.prevent="submit" data-test="node-form" novalidate>
        <div class="field" v-if="mode === 'add'">
          <label for="node-name">{{ t('nodes.name') }}</label>
          <input id="node-name" v-model.trim="name" autofocus required maxlength="63" autocomplete="off"
                 data-test="node-name" :aria-invalid="nameError ? 'true' : null"
                 :aria-describedby="nameError ? 'node-name-error' : null">
          <span v-if="nameError" id="node-name-error" class="field-error" role="alert">{{ nameError }}</span>
        </div>
        <fieldset>
          <legend>{{ t('nodes.labels') }}</legend>
          <ef-kv-editor v-model="rows" name="node-label" :add-label="t('nodes.add-label')"></ef-kv-editor>
          <span v-if="labelsError" class="field-error" role="alert" data-test="labels-error">{{ labelsError }}</span>
        </fieldset>
        <ef-problem :error="error"></ef-problem>
        <div class="buttons">
          <button type="submit" class="primary" :disabled="busy" data-test="node-submit">
            {{ busy ? t('common.saving') : (mode === 'add' ? t('common.create') : t('common.save')) }}</button>
          <button type="button" @click="close" :disabled="busy" data-test="node-cancel">{{ t('common.cancel') }}</button>
        </div>
      </form>
      <div v-else-if="mode === 'secret' && shown">
        <node-secret :secret="shown.secret" :run-commands="shown.runCommands"></node-secret>
        <div class="buttons">
          <button type="button" class="primary" @click="close" data-test="secret-close">{{ t('common.close') }}</button>
        </div>
      </div>
    </ef-modal>`,
};
