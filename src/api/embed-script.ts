// /embed.js, for any site: `<script src="https://<leadcycle>/embed.js" data-key="<tracking key>" async></script>`.
// It keeps a first-party visitor id cookie (lc_vid) on the site's own domain, sends a page view to /t,
// and renders every `<div data-leadcycle-form="FORM_ID">` from the form's public definition, posting
// submissions with the visitor id, page URL and referrer so earlier anonymous touches join the contact.
// Plain ES2017 without dependencies: it runs in the visitor's browser, not in Node.

export const EMBED_SCRIPT = `(function () {
  var script = document.currentScript;
  if (!script) return;
  var base = new URL(script.src).origin;
  var key = script.getAttribute('data-key');
  var match = document.cookie.match(/(?:^|; )lc_vid=([^;]+)/);
  var vid = match ? decodeURIComponent(match[1]) : (self.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2));
  document.cookie = 'lc_vid=' + encodeURIComponent(vid) + '; path=/; max-age=31536000; SameSite=Lax';
  if (key) {
    var hit = JSON.stringify({ k: key, vid: vid, url: location.href, referrer: document.referrer, title: document.title });
    if (!(navigator.sendBeacon && navigator.sendBeacon(base + '/t', hit))) fetch(base + '/t', { method: 'POST', body: hit, keepalive: true });
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var name in attrs) node.setAttribute(name, attrs[name]);
    if (text) node.textContent = text;
    return node;
  }
  function field(form, f) {
    var id = 'lc-' + form.id + '-' + f.name;
    var p = el('p');
    var label = el('label', { for: id }, f.label + (f.required ? ' *' : ''));
    var input;
    if (f.type === 'textarea') input = el('textarea', { id: id, name: f.name });
    else if (f.type === 'select') {
      input = el('select', { id: id, name: f.name });
      input.appendChild(el('option', { value: '' }, '—'));
      (f.options || []).forEach(function (o) { input.appendChild(el('option', {}, o)); });
    } else input = el('input', { id: id, name: f.name, type: f.type === 'checkbox' ? 'checkbox' : f.type });
    if (f.required) input.required = true;
    if (f.type === 'hidden') return input;
    if (f.type === 'checkbox') { p.appendChild(input); p.appendChild(label); } else { p.appendChild(label); p.appendChild(input); }
    return p;
  }
  function render(host, form) {
    var node = el('form', { novalidate: '' });
    form.fields.forEach(function (f) { node.appendChild(field(form, f)); });
    if (form.consent) node.appendChild(field(form, { name: 'consent', label: form.consent.label, type: 'checkbox', required: form.consent.required }));
    var trap = el('input', { name: 'lc_hp', tabindex: '-1', autocomplete: 'off', 'aria-hidden': 'true', style: 'position:absolute;left:-10000px' });
    node.appendChild(trap);
    var status = el('p', { role: 'status' });
    node.appendChild(el('button', { type: 'submit' }, 'Submit'));
    node.appendChild(status);
    var sid = self.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Date.now());
    node.addEventListener('submit', function (e) {
      e.preventDefault();
      if (!node.reportValidity()) return;
      var data = { lc_vid: vid, lc_url: location.href, lc_referrer: document.referrer, lc_sid: sid };
      new FormData(node).forEach(function (v, k) { data[k] = v; });
      fetch(base + '/f/' + form.id, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(data) })
        .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); })
        .then(function (r) {
          if (!r.ok) { status.textContent = r.body.detail || 'The form could not be sent.'; return; }
          if (r.body.redirectUrl) { location.href = r.body.redirectUrl; return; }
          host.replaceChildren(el('p', { role: 'status' }, r.body.message));
        })
        .catch(function () { status.textContent = 'The form could not be sent; please try again.'; });
    });
    host.replaceChildren(node);
  }
  document.querySelectorAll('[data-leadcycle-form]').forEach(function (host) {
    var id = host.getAttribute('data-leadcycle-form');
    fetch(base + '/f/' + encodeURIComponent(id), { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (form) { if (form) render(host, form); });
  });
})();
`;
