// A modal dialog on the native <dialog>: focus moves into it, Escape closes it, focus returns afterwards.
export default {
  name: 'EfModal',
  props: { title: { type: String, required: true }, open: { type: Boolean, default: false }, wide: Boolean },
  emits: ['close'],
  watch: {
    open: { handler(now) { this.$nextTick(() => this.sync(now)); }, immediate: true },
  },
  mounted() { this.sync(this.open); },
  beforeUnmount() { if (this.$refs.dialog?.open) this.$refs.dialog.close(); },
  methods: {
    sync(open) {
      const dialog = this.$refs.dialog;
      if (!dialog) return;
      if (open && !dialog.open) {
        this.returnFocus = document.activeElement;
        dialog.showModal();
      } else if (!open && dialog.open) {
        dialog.close();
        this.returnFocus?.focus?.();
      }
    },
  },
  template: `
    <dialog ref="dialog" :class="['modal', { wide }]" :aria-label="title" @cancel.prevent="$emit('close')">
      <header class="modal-head"><h2>{{ title }}</h2>
        <button type="button" class="link" @click="$emit('close')" aria-label="Close">✕</button></header>
      <div class="modal-body" v-if="open"><slot></slot></div>
    </dialog>`,
};
