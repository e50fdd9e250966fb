// A block of text to paste elsewhere (a secret, a run command) with a Copy button. Copying uses the clipboard API;
// where the browser refuses it (no secure context, no permission) the text is selected for Ctrl+C instead.
import { t } from '../../core/i18n.js';

export default {
  name: 'NodeCopyText',
  props: { text: { type: String, required: true }, label: { type: String, required: true }, name: { type: String, required: true } },
  data: () => ({ copied: false, failed: false }),
  methods: {
    t,
    async copy() {
      this.failed = false;
      try {
        if (!navigator.clipboard) throw new Error('no clipboard');
        await navigator.clipboard.writeText(this.text);
        this.copied = true;
        setTimeout(() => { this.copied = false; }, 2000);
      } catch {
        this.failed = true;
        const range = document.createRange();
        range.selectNodeContents(this.$refs.text);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      }
    },
  },
  template: `
    <div class="copy-text">
      <div class="copy-head"><strong :id="name + '-label'">{{ label }}</strong>
        <button type="button" @click="copy" :data-test="name + '-copy'" :aria-describedby="name + '-label'">
          {{ copied ? t('common.copied') : t('common.copy') }}</button></div>
      <pre ref="text" :data-test="name" :aria-labelledby="name + '-label'" tabindex="0">{{ text }}</pre>
      <p v-if="failed" class="hint" role="status">{{ t('nodes.copy-failed') }}</p>
    </div>`,
};
