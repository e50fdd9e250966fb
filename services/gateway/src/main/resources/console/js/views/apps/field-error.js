// One field's message (from the API's problem details or an immediate check), placed beside the field and
// referenced by the field's aria-describedby; data-field names the JSON pointer for tests.
export default {
  name: 'EfFieldError',
  props: { id: { type: String, required: true }, pointer: { type: String, required: true }, message: { type: String, default: null } },
  template: `<span v-if="message" :id="id" class="field-error" role="alert" data-test="field-error"
                   :data-field="pointer">{{ message }}</span>`,
};

/** Attributes for an input whose message may be shown by EfFieldError with the given id. */
export function invalidAttrs(message, id) {
  return message ? { 'aria-invalid': 'true', 'aria-describedby': id } : { 'aria-invalid': null, 'aria-describedby': null };
}
