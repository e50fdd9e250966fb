// Two languages, switchable at any time: English and Simplified Chinese. Each view registers its own messages
// ({ en: {...}, 'zh-CN': {...} }) so that a screen and its words live side by side.
import { reactive } from 'vue';

const LOCALE_KEY = 'edgefleet.locale';
export const LOCALES = { en: 'English', 'zh-CN': '简体中文' };

const catalog = { en: {}, 'zh-CN': {} };

function initialLocale() {
  const saved = localStorage.getItem(LOCALE_KEY);
  if (saved && LOCALES[saved]) return saved;
  return (navigator.language || '').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export const i18n = reactive({ locale: initialLocale() });
document.documentElement.lang = i18n.locale;

export function setLocale(locale) {
  if (!LOCALES[locale]) return;
  i18n.locale = locale;
  localStorage.setItem(LOCALE_KEY, locale);
  document.documentElement.lang = locale;
}

/** Adds messages; a key defined twice is a programming error, reported in the console. */
export function register(messages) {
  for (const [locale, entries] of Object.entries(messages)) {
    for (const [key, text] of Object.entries(entries)) {
      if (catalog[locale][key] !== undefined && catalog[locale][key] !== text) {
        console.warn(`message ${key} (${locale}) defined twice`);
      }
      catalog[locale][key] = text;
    }
  }
}

/** The message for key in the current language, with {name} placeholders filled from params. */
export function t(key, params = {}) {
  const text = catalog[i18n.locale][key] ?? catalog.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (params[name] ?? whole));
}
