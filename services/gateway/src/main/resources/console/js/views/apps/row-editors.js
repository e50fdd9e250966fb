// The deploy form's repeated rows: host file entries, volumes and port mappings. Each row's inputs carry their
// own labels (visually hidden where the column header says it) and the message the API or a check gave them.
import { t } from '../../core/i18n.js';
import EfFieldError, { invalidAttrs } from './field-error.js';

const shared = { components: { EfFieldError }, props: { rows: { type: Array, required: true }, msg: { type: Function, required: true } }, setup: () => ({ t, invalidAttrs }) };

export const HostEntriesEditor = {
  ...shared,
  name: 'HostEntriesEditor',
  template: `
    <div>
      <div v-for="(row, i) in rows" :key="i" class="kv-row">
        <label class="sr-only" :for="'host-' + i">{{ t('apps.form.host') }} {{ i + 1 }}</label>
        <input :id="'host-' + i" v-model="row.host" :placeholder="t('apps.form.host')" data-test="host-name"
               v-bind="invalidAttrs(msg('/spec/hostEntries/' + i + '/host'), 'host-err-' + i)">
        <label class="sr-only" :for="'host-ip-' + i">{{ t('apps.form.ip') }} {{ i + 1 }}</label>
        <input :id="'host-ip-' + i" v-model="row.ip" placeholder="IP" data-test="host-ip"
               v-bind="invalidAttrs(msg('/spec/hostEntries/' + i + '/ip'), 'host-ip-err-' + i)">
        <button type="button" class="link danger" @click="rows.splice(i, 1)" :aria-label="t('kv.remove', { n: i + 1 })">✕</button>
        <ef-field-error :id="'host-err-' + i" :pointer="'/spec/hostEntries/' + i + '/host'" :message="msg('/spec/hostEntries/' + i + '/host')"></ef-field-error>
        <ef-field-error :id="'host-ip-err-' + i" :pointer="'/spec/hostEntries/' + i + '/ip'" :message="msg('/spec/hostEntries/' + i + '/ip')"></ef-field-error>
      </div>
      <button type="button" class="link" data-test="add-host" @click="rows.push({ host: '', ip: '' })">+ {{ t('apps.form.add-host') }}</button>
    </div>`,
};

export const VolumesEditor = {
  ...shared,
  name: 'VolumesEditor',
  template: `
    <div>
      <div v-for="(row, i) in rows" :key="i" class="kv-row">
        <label class="sr-only" :for="'vol-type-' + i">{{ t('apps.form.volume-type') }} {{ i + 1 }}</label>
        <select :id="'vol-type-' + i" v-model="row.type" data-test="volume-type">
          <option value="bind">{{ t('apps.form.volume-bind') }}</option>
          <option value="volume">{{ t('apps.form.volume-named') }}</option>
        </select>
        <label class="sr-only" :for="'vol-source-' + i">{{ row.type === 'bind' ? t('apps.form.volume-source') : t('apps.form.volume-name') }} {{ i + 1 }}</label>
        <input :id="'vol-source-' + i" v-model="row.source" data-test="volume-source"
               :placeholder="row.type === 'bind' ? t('apps.form.volume-source') : t('apps.form.volume-name')"
               v-bind="invalidAttrs(msg('/spec/volumes/' + i + (row.type === 'bind' ? '/source' : '/name')), 'vol-source-err-' + i)">
        <label class="sr-only" :for="'vol-target-' + i">{{ t('apps.form.volume-target') }} {{ i + 1 }}</label>
        <input :id="'vol-target-' + i" v-model="row.target" :placeholder="t('apps.form.volume-target')" data-test="volume-target"
               v-bind="invalidAttrs(msg('/spec/volumes/' + i + '/target'), 'vol-target-err-' + i)">
        <label><input type="checkbox" v-model="row.readOnly"> {{ t('apps.form.read-only') }}</label>
        <button type="button" class="link danger" @click="rows.splice(i, 1)" :aria-label="t('kv.remove', { n: i + 1 })">✕</button>
        <ef-field-error :id="'vol-source-err-' + i" :pointer="'/spec/volumes/' + i" :message="msg('/spec/volumes/' + i + (row.type === 'bind' ? '/source' : '/name')) || (msg('/spec/volumes/' + i + '/target') ? null : msg('/spec/volumes/' + i))"></ef-field-error>
        <ef-field-error :id="'vol-target-err-' + i" :pointer="'/spec/volumes/' + i + '/target'" :message="msg('/spec/volumes/' + i + '/target')"></ef-field-error>
      </div>
      <button type="button" class="link" data-test="add-volume"
              @click="rows.push({ type: 'bind', source: '', target: '', readOnly: false })">+ {{ t('apps.form.add-volume') }}</button>
    </div>`,
};

export const PortsEditor = {
  ...shared,
  name: 'PortsEditor',
  template: `
    <div>
      <table class="grid compact" v-if="rows.length">
        <thead><tr><th>{{ t('apps.form.host-port') }}</th><th>{{ t('apps.form.container-port') }}</th>
          <th>{{ t('apps.form.protocol') }}</th><th><span class="sr-only">{{ t('common.actions') }}</span></th></tr></thead>
        <tbody><tr v-for="(row, i) in rows" :key="i">
          <td><label class="sr-only" :for="'host-port-' + i">{{ t('apps.form.host-port') }} {{ i + 1 }}</label>
            <input :id="'host-port-' + i" type="number" v-model="row.hostPort" :placeholder="t('apps.form.host-port')"
                   data-test="host-port" v-bind="invalidAttrs(msg('/spec/ports/' + i + '/hostPort'), 'host-port-err-' + i)">
            <ef-field-error :id="'host-port-err-' + i" :pointer="'/spec/ports/' + i + '/hostPort'" :message="msg('/spec/ports/' + i + '/hostPort')"></ef-field-error></td>
          <td><label class="sr-only" :for="'container-port-' + i">{{ t('apps.form.container-port') }} {{ i + 1 }}</label>
            <input :id="'container-port-' + i" type="number" v-model="row.containerPort" :placeholder="t('apps.form.container-port')"
                   data-test="container-port" v-bind="invalidAttrs(msg('/spec/ports/' + i + '/containerPort'), 'container-port-err-' + i)">
            <ef-field-error :id="'container-port-err-' + i" :pointer="'/spec/ports/' + i + '/containerPort'" :message="msg('/spec/ports/' + i + '/containerPort')"></ef-field-error></td>
          <td><label class="sr-only" :for="'protocol-' + i">{{ t('apps.form.protocol') }} {{ i + 1 }}</label>
            <select :id="'protocol-' + i" v-model="row.protocol" data-test="protocol">
              <option value="tcp">tcp</option><option value="udp">udp</option></select></td>
          <td><button type="button" class="link danger" @click="rows.splice(i, 1)" :aria-label="t('kv.remove', { n: i + 1 })">✕</button></td>
        </tr></tbody>
      </table>
      <button type="button" class="link" data-test="add-port"
              @click="rows.push({ hostPort: '', containerPort: '', protocol: 'tcp' })">+ {{ t('apps.form.add-port') }}</button>
    </div>`,
};
