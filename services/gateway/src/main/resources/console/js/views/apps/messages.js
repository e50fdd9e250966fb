// The apps area's words in both languages; each language in its own file to keep them readable.
import en from './messages-en.js';
import zh from './messages-zh.js';

export default { en, 'zh-CN': zh };
