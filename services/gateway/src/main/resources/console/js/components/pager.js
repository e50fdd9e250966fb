// '共 N 条  当前 1/3 页  « 1 2 3 »' under a table: the total, the page, and buttons to move.
import { t } from '../core/i18n.js';

export default {
  name: 'EfPager',
  props: { total: { type: Number, required: true }, page: { type: Number, required: true }, size: { type: Number, required: true } },
  emits: ['update:page'],
  computed: {
    pages() { return Math.max(1, Math.ceil(this.total / this.size)); },
  },
  methods: { t },
  template: `
    <nav class="pager" :aria-label="t('pager.label')">
      <span class="pager-total" data-test="total">{{ t('pager.total', { n: total }) }}</span>
      <span>{{ t('pager.page', { page, pages }) }}</span>
      <button type="button" class="link" :disabled="page <= 1" @click="$emit('update:page', page - 1)"
              :aria-label="t('pager.previous')">«</button>
      <button type="button" class="link" :disabled="page >= pages" @click="$emit('update:page', page + 1)"
              :aria-label="t('pager.next')">»</button>
    </nav>`,
};
