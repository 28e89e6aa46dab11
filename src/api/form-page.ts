import type { Form, FormField } from '../engine/ingest/forms-service.ts';

// The hosted form page: plain, accessible HTML that works without JavaScript (a urlencoded post).

/** The field bots fill and people never see. */
export const HONEYPOT_FIELD = 'lc_hp';

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const INPUT_TYPES: Partial<Record<FormField['type'], string>> = { text: 'text', email: 'email', tel: 'tel', number: 'number', url: 'url' };

const control = (field: FormField): string => {
  const id = `f-${escape(field.name)}`;
  const name = escape(field.name);
  const required = field.required ? ' required aria-required="true"' : '';
  const label = `<label for="${id}">${escape(field.label)}${field.required ? ' <span aria-hidden="true">*</span>' : ''}</label>`;
  switch (field.type) {
    case 'hidden':
      return `<input type="hidden" name="${name}">`;
    case 'textarea':
      return `<p>${label}<br><textarea id="${id}" name="${name}" rows="4"${required}></textarea></p>`;
    case 'checkbox':
      return `<p><input type="checkbox" id="${id}" name="${name}" value="on"${required}> ${label}</p>`;
    case 'select':
      return `<p>${label}<br><select id="${id}" name="${name}"${required}><option value="">—</option>${(field.options ?? [])
        .map((o) => `<option>${escape(o)}</option>`)
        .join('')}</select></p>`;
    default:
      return `<p>${label}<br><input type="${INPUT_TYPES[field.type] ?? 'text'}" id="${id}" name="${name}"${required}${field.type === 'email' ? ' autocomplete="email"' : ''}></p>`;
  }
};

export const formPage = (form: Form, visitorId: string): string => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(form.name)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem}input,select,textarea{font:inherit;width:100%;box-sizing:border-box}input[type=checkbox]{width:auto}.lc-hp{position:absolute;left:-10000px}</style></head>
<body><main>
<h1>${escape(form.name)}</h1>
<form method="post" action="/f/${form.id}">
${form.fields.map(control).join('\n')}
${form.consent ? `<p><input type="checkbox" id="f-consent" name="consent" value="on"${form.consent.required ? ' required' : ''}> <label for="f-consent">${escape(form.consent.label)}</label></p>` : ''}
<div class="lc-hp" aria-hidden="true"><label for="${HONEYPOT_FIELD}">Leave this empty</label><input id="${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off"></div>
<input type="hidden" name="lc_vid" value="${escape(visitorId)}">
<p><button type="submit">Submit</button></p>
</form>
</main></body></html>`;

export const thankYouPage = (form: Form): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(form.name)}</title></head>
<body><main><p role="status">${escape(form.thankYouMessage ?? 'Thank you, we received your submission.')}</p></main></body></html>`;
