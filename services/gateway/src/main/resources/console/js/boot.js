// Loaded as a classic script before the console's modules: if they have not started the console within 15 s
// (a file failed to load, e.g. the network changed during the load), say so and offer a reload instead of
// leaving the page blank.
(function watchStart() {
  var LIMIT_MS = 15000;
  setTimeout(function check() {
    if (document.documentElement.hasAttribute('data-started')) return;
    var app = document.getElementById('app');
    var zh = (navigator.language || '').toLowerCase().indexOf('zh') === 0;
    var text = zh ? '控制台未能加载（网络中断或文件缺失）。' : 'The console did not load (the network dropped or a file is missing).';
    var message = document.createElement('p');
    message.className = 'problem';
    message.setAttribute('role', 'alert');
    message.setAttribute('data-test', 'boot-failed');
    message.textContent = text + ' ';
    var reload = document.createElement('button');
    reload.type = 'button';
    reload.textContent = zh ? '重新加载' : 'Reload';
    reload.addEventListener('click', function again() { location.reload(); });
    message.appendChild(reload);
    app.replaceChildren(message);
  }, LIMIT_MS);
}());
