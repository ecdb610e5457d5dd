// @ts-check
/**
 * Building the page with DOM APIs only: text from the API is always set with textContent (via
 * h()), never parsed as HTML, so a title such as "<img onerror=...>" stays text.
 */
import { ApiProblem } from './api.js';

/**
 * @typedef {string | number | Node | null | undefined | false} Child
 * @param {string} tag
 * @param {Record<string, any> | null} [attrs]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'value' && 'value' in el) /** @type {any} */ (el).value = value;
    else if (key === 'checked' || key === 'disabled' || key === 'selected') /** @type {any} */ (el)[key] = !!value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** @param {Node} parent @param {(Child | Child[])[]} children */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** @param {Node} el @param {...(Child | Child[])} children */
export function replace(el, ...children) {
  while (el.firstChild) el.removeChild(el.firstChild);
  append(el, children);
}

let idCounter = 0;
/** @param {string} prefix */
export function uid(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/**
 * A labelled control with a place for its error message (linked by aria-describedby).
 * @param {{ label: string, name: string, type?: string, value?: string, required?: boolean, hint?: string, options?: {value: string, label: string}[], autocomplete?: string, multiline?: boolean, attrs?: Record<string, any> }} spec
 */
export function field(spec) {
  const id = uid(`f-${spec.name.replace(/[^a-z0-9]/gi, '-')}`);
  const errorId = `${id}-error`;
  const hintId = spec.hint ? `${id}-hint` : null;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  /** @type {HTMLElement} */
  let control;
  const common = { id, name: spec.name, 'aria-describedby': describedBy, required: spec.required, dataset: { field: spec.name }, ...(spec.attrs || {}) };
  if (spec.options) {
    control = h('select', common, spec.options.map((o) => h('option', { value: o.value, selected: o.value === spec.value }, o.label)));
  } else if (spec.multiline) {
    control = h('textarea', { ...common, rows: 3 }, spec.value || '');
  } else {
    control = h('input', { ...common, type: spec.type || 'text', value: spec.value ?? '', autocomplete: spec.autocomplete });
  }
  const wrapper = h('div', { class: 'field', dataset: { fieldWrapper: spec.name } },
    h('label', { for: id }, spec.label, spec.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    hintId ? h('p', { id: hintId, class: 'hint' }, spec.hint) : null,
    control,
    h('p', { id: errorId, class: 'field-error', hidden: true }));
  return { wrapper, control };
}

/**
 * Shows a problem on a form: each field's message under that field (aria-invalid set), a summary
 * at the top with links to the fields, focus on the summary. Messages for fields the form does not
 * have stay in the summary.
 * In a table of alike controls (one reason box per domain) the message alone does not say which
 * one; `nameFields` puts the control's label before it in the summary.
 * @param {HTMLElement} form
 * @param {unknown} error
 * @param {{ nameFields?: boolean }} [options]
 */
export function showFormProblem(form, error, options = {}) {
  clearFormProblem(form);
  const problem = asProblem(error);
  let summary = /** @type {HTMLElement | null} */ (form.querySelector('.error-summary'));
  if (!summary) {
    summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1' });
    // After the form's own heading, so the heading still says what the form is.
    const first = form.firstElementChild;
    form.insertBefore(summary, first && /^H[1-6]$/.test(first.tagName) ? first.nextSibling : first);
  }
  const items = [];
  for (const [name, messages] of Object.entries(problem.errors)) {
    const control = findControl(form, name);
    const text = messages.join(' ');
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      const err = /** @type {HTMLElement | null} */ (form.querySelector(`#${CSS.escape(control.id)}-error`));
      if (err) { err.textContent = text; err.hidden = false; }
      const label = options.nameFields ? form.querySelector(`label[for="${CSS.escape(control.id)}"]`)?.textContent?.replace(/\s*\*$/, '') : null;
      items.push(h('li', null, h('a', { href: `#${control.id}`, onclick: (/** @type {Event} */ e) => { e.preventDefault(); control.focus(); } }, label ? `${label}: ${text}` : text)));
    } else {
      items.push(h('li', null, `${name}: ${text}`));
    }
  }
  replace(summary,
    h('h2', null, problem.title),
    Object.keys(problem.errors).length === 0 ? h('p', null, problem.detail || problem.message) : null,
    items.length ? h('ul', null, items) : null,
    problem.advice ? h('p', { class: 'advice' }, problem.advice) : null);
  summary.hidden = false;
  summary.focus();
}

/** @param {HTMLElement} form @param {string} name */
function findControl(form, name) {
  const candidates = [name, name.replace(/^protocol\./, ''), name.split('.').pop() || name];
  for (const c of candidates) {
    const el = /** @type {HTMLElement | null} */ (form.querySelector(`[data-field="${CSS.escape(c)}" i]`));
    if (el) return el;
  }
  return null;
}

/** @param {HTMLElement} form */
export function clearFormProblem(form) {
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  form.querySelectorAll('.field-error').forEach((el) => { el.textContent = ''; /** @type {HTMLElement} */ (el).hidden = true; });
  const summary = /** @type {HTMLElement | null} */ (form.querySelector('.error-summary'));
  if (summary) { replace(summary); summary.hidden = true; }
}

/** @param {unknown} error @returns {ApiProblem} */
export function asProblem(error) {
  if (error instanceof ApiProblem) return error;
  console.error(error);
  return new ApiProblem(0, { title: 'Something went wrong in the page', detail: error instanceof Error ? error.message : String(error) });
}

/**
 * A problem shown in place of a screen or a panel: what happened, what to do, and a retry.
 * A route the server does not have yet is shown as "not available yet", not as an error.
 * @param {unknown} error
 * @param {{ what: string, retry?: () => void }} context
 */
export function problemPanel(error, context) {
  const problem = asProblem(error);
  if (problem.missingEndpoint) {
    return h('section', { class: 'notice unavailable', role: 'status', dataset: { problem: 'unavailable' } },
      h('h2', null, `${context.what}: not available yet`),
      h('p', null, 'This server does not offer this part of EvSysReview yet. The rest of the project works as usual; this screen fills in once the service is deployed.'),
      context.retry ? h('button', { type: 'button', onclick: context.retry }, 'Check again') : null);
  }
  return h('section', { class: 'notice problem', role: 'alert', dataset: { problem: String(problem.status) } },
    h('h2', null, `${context.what}: ${problem.title}`),
    problem.detail ? h('p', null, problem.detail) : null,
    Object.entries(problem.errors).filter(([k]) => k !== problem.field).map(([k, v]) => h('p', null, `${k}: ${v.join(' ')}`)),
    // "Correct the marked fields" only makes sense on a form; a panel states the detail alone.
    problem.advice && problem.status !== 400 ? h('p', { class: 'advice' }, problem.advice) : null,
    context.retry ? h('button', { type: 'button', onclick: context.retry }, 'Try again') : null);
}

/** Announces a message to screen readers and shows it briefly. @param {string} message */
export function announce(message) {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  // A fresh text node after a tick makes screen readers read repeated messages too.
  setTimeout(() => { region.textContent = message; }, 30);
}

/** @param {string} text @param {string} [level] */
export function heading(text, level = 'h1') {
  return h(level, { tabindex: '-1', class: 'screen-title' }, text);
}

/** A loading placeholder that says what it waits for. @param {string} what */
export function loading(what) {
  return h('p', { class: 'loading', role: 'status' }, `Loading ${what}…`);
}

/**
 * Fetches an SVG with the token and shows it as an <img> (blob URL), with alt text and a download link.
 * @param {string} path
 * @param {string} alt
 * @param {string} filename
 * @param {(path: string, accept: string) => Promise<{data: any}>} blobFetch
 */
export function svgFigure(path, alt, filename, blobFetch) {
  // data-source names the API path drawn, so a reader (or a test) can tell which plot this is.
  const figure = h('figure', { class: 'plot', dataset: { source: path } }, loading(alt));
  blobFetch(path, 'image/svg+xml').then((result) => {
    // Redrawn or left before the SVG came: nothing shows it, so no URL is made for it.
    if (!figure.isConnected) return;
    /** @type {Blob} */
    const svg = result.data;
    const img = /** @type {HTMLImageElement} */ (h('img', { alt }));
    showBlobImage(img, svg);
    replace(figure, img, h('figcaption', null, alt, ' ', downloadLink('Download SVG', filename, () => svg)));
  }).catch((error) => replace(figure, problemPanel(error, { what: alt })));
  return figure;
}

/**
 * A link that saves a blob as a file. The blob: URL exists only for the click: one left in an href
 * keeps its blob in memory for as long as the page is open, one more for every download offered.
 * @param {string} label
 * @param {string} filename
 * @param {() => Blob} blob
 * @param {Record<string, any>} [attrs]
 */
export function downloadLink(label, filename, blob, attrs = {}) {
  // href="#" keeps it a link (in the tab order, announced as a link); the click saves the file instead.
  return h('a', { ...attrs, href: '#', onclick: (/** @type {Event} */ e) => { e.preventDefault(); saveBlob(blob(), filename); } }, label);
}

/** @param {Blob} blob @param {string} filename */
function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  h('a', { href: url, download: filename }).click();
  // click() follows the link before it returns, and the standard has the download resolve its blob:
  // URL then; but some browsers (Safari, older Firefox) have cancelled a download whose URL was
  // revoked in the same task, so it is revoked a second later, once the download holds the blob.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The blob: URL of each image shown from a blob, until the image leaves the page. @type {Map<HTMLImageElement, string>} */
const blobImages = new Map();

/** Revokes the URL of every blob image no longer in the page: a redraw or another screen replaced it. */
const blobImageRemovals = new MutationObserver(() => {
  for (const [img, url] of blobImages) {
    if (img.isConnected) continue;
    URL.revokeObjectURL(url);
    blobImages.delete(img);
  }
  if (blobImages.size === 0) blobImageRemovals.disconnect();
});

/**
 * Shows a blob in an <img> that is about to be put in the page. Its URL stays while the image is
 * shown (the browser's own "open image" and "save image" need it) and is revoked once the image is
 * removed, so plots redrawn every few seconds or left behind on another screen free their blobs.
 * @param {HTMLImageElement} img
 * @param {Blob} blob
 */
function showBlobImage(img, blob) {
  const url = URL.createObjectURL(blob);
  img.src = url;
  blobImages.set(img, url);
  blobImageRemovals.observe(document.body, { childList: true, subtree: true });
}
