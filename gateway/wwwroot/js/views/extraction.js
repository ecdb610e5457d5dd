// @ts-check
import { api, request, idFromAddress } from '../api.js';
import { h, replace, problemPanel, heading, loading, announce, asProblem, uid } from '../dom.js';

/** @typedef {import('../main.js').ViewContext} ViewContext */

/** Extraction: my tasks, the form (study fields and outcome rows), comparison of two extractors, consensus. @param {ViewContext} ctx */
export async function extractionView(ctx) {
  const project = /** @type {NonNullable<ViewContext['project']>} */ (ctx.project);
  const base = `/api/extraction/projects/${project.id}`;
  const studyId = idFromAddress(ctx.query.get('study'));
  if (studyId) { await studyScreen(ctx, base, studyId); return; }
  const list = h('div', null, loading('your extraction tasks'));
  replace(ctx.main, heading('Extraction'), h('p', { class: 'lede' }, 'Included studies waiting for data extraction. Two extractors work blinded; a methodologist or lead reconciles.'), list);
  try {
    const { data } = await api.get(`${base}/tasks`);
    const tasks = Array.isArray(data) ? data : (data?.tasks || []);
    replace(list, tasks.length === 0 ? h('p', { class: 'notice', role: 'status' }, 'No studies to extract yet: a study appears here once screening includes it.') :
      h('div', { class: 'table-scroll' }, h('table', { class: 'data' },
        h('caption', { class: 'visually-hidden' }, 'Extraction tasks'),
        h('thead', null, h('tr', null, ['Study', 'Status', 'Extractors', 'Submitted', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, tasks.map((/** @type {any} */ t) => h('tr', null,
          h('th', { scope: 'row' }, t.studyLabel || t.title || t.studyId, t.year ? ` (${t.year})` : ''),
          h('td', null, String(t.status)),
          h('td', null, (t.extractors || []).join(', ') || '—'),
          h('td', { class: 'num' }, `${t.submitted ?? 0} of ${t.requiredExtractions ?? 2}`),
          h('td', null, h('a', { href: `#/p/${project.id}/extraction?study=${t.studyId}` }, t.assignedToMe || t.openToMe ? 'Extract' : 'Open'))))))));
  } catch (error) {
    replace(list, problemPanel(error, { what: 'Extraction tasks', retry: () => extractionView(ctx) }));
  }
}

/** @param {ViewContext} ctx @param {string} base @param {string} studyId */
async function studyScreen(ctx, base, studyId) {
  const project = /** @type {NonNullable<ViewContext['project']>} */ (ctx.project);
  const formArea = h('div', null, loading('the extraction form'));
  const compareArea = h('section', { 'aria-labelledby': 'compare-title' }, h('h2', { id: 'compare-title' }, 'Comparison of the two extractors'), loading('the comparison'));
  replace(ctx.main, h('p', null, h('a', { href: `#/p/${project.id}/extraction` }, '← All extraction tasks')), heading('Extraction form'), formArea, compareArea);

  /** @type {any} */
  let form;
  /** @type {any} */
  let entry = null;
  /** @type {string | null} */
  let etag = null;
  /** @type {any} */
  let task = null;
  try {
    form = (await api.get(`${base}/form`)).data;
    form = form.form || form;
    const tasks = (await api.get(`${base}/tasks`)).data;
    task = (Array.isArray(tasks) ? tasks : []).find((/** @type {any} */ t) => t.studyId === studyId) || null;
  } catch (error) {
    replace(formArea, problemPanel(error, { what: 'Extraction form' }));
    return;
  }
  if (task) {
    const title = /** @type {HTMLElement} */ (ctx.main.querySelector('.screen-title'));
    title.textContent = `Extraction: ${task.studyLabel}`;
    title.after(h('p', { class: 'lede' }, task.title));
  }
  // The form is for the study's extractors (or whoever may still become one); a methodologist who
  // reconciles, or an extractor who has submitted, reads the comparison instead of an empty form.
  const editable = !task || task.openToMe || (task.assignedToMe && !task.submittedByMe);
  try {
    const result = await api.get(`${base}/studies/${studyId}/entries/me`);
    entry = result.data;
    etag = result.headers.get('ETag');
  } catch (error) {
    if (asProblem(error).status !== 404 || asProblem(error).missingEndpoint) { replace(formArea, problemPanel(error, { what: 'Your entry' })); return; }
  }
  entry = entry || { fields: {}, arms: [], comparisons: [], outcomes: [] };
  if (!entry.arms || entry.arms.length === 0) entry.arms = [{ id: 'control', label: 'Vehicle control', role: 'control' }, { id: 'treatment', label: 'MSC-EV', role: 'treatment' }];
  if (!entry.comparisons || entry.comparisons.length === 0) entry.comparisons = [{ id: 'c1', treatmentArmId: entry.arms.find((/** @type {any} */ a) => a.role === 'treatment')?.id || entry.arms[1].id, controlArmId: entry.arms.find((/** @type {any} */ a) => a.role === 'control')?.id || entry.arms[0].id }];
  entry.outcomes = entry.outcomes || [];

  const status = h('div', { 'aria-live': 'polite' });
  const fieldsBox = h('fieldset', { class: 'card' }, h('legend', null, 'Study fields'));
  for (const def of form.studyFields || []) fieldsBox.appendChild(studyField(def, entry.fields?.[def.key]));
  const outcomeBody = h('tbody');
  const outcomeDefs = form.outcomes?.outcomes || [];
  const timeUnits = form.outcomes?.timePointUnits || ['d', 'wk'];
  const addRow = (/** @type {any} */ row) => outcomeBody.appendChild(outcomeRow(row, entry.arms, outcomeDefs, timeUnits));
  entry.outcomes.forEach(addRow);
  const outcomesBox = h('fieldset', { class: 'card' }, h('legend', null, 'Outcome rows (one per outcome × time point)'),
    h('div', { class: 'table-scroll' }, h('table', { class: 'data outcomes' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Outcome'), h('th', { scope: 'col' }, 'Unit'), h('th', { scope: 'col' }, 'Time point'), h('th', { scope: 'col' }, 'Source'),
        entry.arms.map((/** @type {any} */ a) => h('th', { scope: 'col' }, `${a.label}: mean, SD, n`)), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Remove')))),
      outcomeBody)),
    h('button', { type: 'button', onclick: () => addRow(null) }, 'Add outcome row'));

  const collect = () => ({
    fields: Object.fromEntries([...fieldsBox.querySelectorAll('[data-key]')].map((el) => [/** @type {HTMLElement} */ (el).dataset.key, readField(/** @type {HTMLElement} */ (el))]).filter(([, v]) => v !== null)),
    arms: entry.arms, comparisons: entry.comparisons,
    outcomes: [...outcomeBody.querySelectorAll('tr')].map((tr) => readRow(/** @type {HTMLElement} */ (tr), entry.arms)).filter(Boolean),
  });

  async function save() {
    const result = await request('PUT', `${base}/studies/${studyId}/entries/me`, { json: collect(), headers: etag ? { 'If-Match': etag } : {} });
    etag = result.headers.get('ETag') || etag;
    entry = result.data || entry;
    return result.data;
  }

  const saveButton = h('button', { type: 'button', class: 'primary', onclick: async () => {
    try {
      const saved = await save();
      const errors = saved?.submissionErrors || [];
      markErrors(errors.map((/** @type {any} */ e) => [e.path, e.reason]));
      replace(status, h('p', { class: 'notice ok', role: 'status' }, `Saved.${errors.length ? ` ${errors.length} thing${errors.length === 1 ? '' : 's'} still to fill before you can submit.` : ' Ready to submit.'}`));
      announce('Extraction saved.');
    } catch (error) { showProblem(error, 'Saving'); }
  } }, 'Save');
  const submitButton = h('button', { type: 'button', onclick: async () => {
    try {
      await save();
      await api.post(`${base}/studies/${studyId}/submit`, {});
      replace(status, h('p', { class: 'notice ok', role: 'status' }, 'Submitted. The comparison opens once both extractors have submitted.'));
      announce('Extraction submitted.');
      loadComparison();
    } catch (error) { showProblem(error, 'Submitting'); }
  } }, 'Submit');

  /** @param {unknown} error @param {string} what */
  function showProblem(error, what) {
    const p = asProblem(error);
    // The API prefixes each message with its code ("required: Disease is required"); a person needs the sentence.
    markErrors(Object.entries(p.errors).map(([k, v]) => [k, v.map((m) => m.replace(/^[a-zA-Z]+: /, '')).join(' ')]));
    const marked = ctx.main.querySelectorAll('.field-error[data-for]').length;
    // Messages that found their field are shown there; the panel says what happened and what to do.
    replace(status, marked
      ? h('section', { class: 'notice problem', role: 'alert' }, h('h2', null, `${what}: ${p.title}`),
        h('p', { class: 'advice' }, `${marked} field${marked === 1 ? ' is' : 's are'} marked above: fill or correct ${marked === 1 ? 'it' : 'them'}, then submit again.`))
      : problemPanel(error, { what }));
    /** @type {HTMLElement | null} */ (ctx.main.querySelector('[aria-invalid=true]'))?.focus();
  }

  /** Puts each message next to its field (paths like fields.species or outcomes[0].arms[1].sd). @param {[string, string][]} errors */
  function markErrors(errors) {
    ctx.main.querySelectorAll('.field-error[data-for]').forEach((el) => el.remove());
    ctx.main.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
    for (const [path, reason] of errors) {
      const key = path.replace(/^fields\./, '').split('.')[0];
      const target = /** @type {HTMLElement | null} */ (fieldsBox.querySelector(`[data-key="${CSS.escape(key)}"]`)) || /** @type {HTMLElement | null} */ (outcomesBox.querySelector(`[data-path="${CSS.escape(path)}"]`));
      if (!target) continue;
      const control = /** @type {HTMLElement | null} */ (target.matches('input,select,textarea') ? target : target.querySelector('input,select,textarea'));
      control?.setAttribute('aria-invalid', 'true');
      const msg = h('p', { class: 'field-error', dataset: { for: path }, id: uid('err') }, reason);
      (target.closest('.field') || target.parentElement)?.appendChild(msg);
      control?.setAttribute('aria-describedby', msg.id);
    }
  }

  if (!editable) {
    replace(formArea, h('p', { class: 'notice', role: 'note' }, task.submittedByMe
      ? 'You have submitted your extraction; it can no longer change.'
      : `${(task.extractors || []).join(' and ')} extract this study (status: ${task.status}).`));
  } else replace(formArea, h('p', { class: 'lede' }, `${form.title || 'Extraction form'} (version ${form.version ?? '?'}). Your entry is hidden from the other extractor until both have submitted.`),
    entry.submissionErrors?.length ? h('p', { class: 'hint' }, `${entry.submissionErrors.length} required item(s) still empty.`) : null,
    fieldsBox, outcomesBox, h('div', { class: 'actions sticky-actions' }, saveButton, submitButton), status);

  async function loadComparison() {
    try {
      const { data } = await api.get(`${base}/studies/${studyId}/comparison`);
      const diffs = data?.differences || [];
      const canReconcile = ctx.role === 'lead' || ctx.role === 'methodologist';
      const choiceName = (/** @type {number} */ i) => `choice-${i}`;
      const consensusStatus = h('div', { 'aria-live': 'polite' });
      replace(compareArea, h('h2', { id: 'compare-title' }, 'Comparison of the two extractors'),
        h('p', null, `${data.first || 'First'} and ${data.second || 'second'}: ${diffs.length} differing field${diffs.length === 1 ? '' : 's'}.`),
        diffs.length ? h('div', { class: 'table-scroll' }, h('table', { class: 'data compare-table' },
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, data.first || 'First'), h('th', { scope: 'col' }, data.second || 'Second'), canReconcile ? h('th', { scope: 'col' }, 'Consensus') : null)),
          h('tbody', null, diffs.map((/** @type {any} */ d, /** @type {number} */ i) => h('tr', { class: 'differs', dataset: { path: d.path } },
            h('th', { scope: 'row' }, pathLabel(d.path, form), h('br'), h('code', { class: 'hint' }, d.path)),
            h('td', null, show(d.first)), h('td', null, show(d.second)),
            canReconcile ? h('td', null, h('div', { role: 'radiogroup', 'aria-label': `Consensus value for ${pathLabel(d.path, form)}` },
              h('label', { class: 'check' }, h('input', { type: 'radio', name: choiceName(i), value: 'base', checked: true }), ` ${data.first}'s`), ' ',
              h('label', { class: 'check' }, h('input', { type: 'radio', name: choiceName(i), value: 'other' }), ` ${data.second}'s`))) : null))))) : null,
        canReconcile && data.first ? h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'primary', onclick: async () => {
            // The first extractor's entry is the base; only the rows that take the second's value are choices.
            const choices = diffs.map((/** @type {any} */ d, /** @type {number} */ i) => ({ path: d.path, source: /** @type {HTMLInputElement | null} */ (compareArea.querySelector(`input[name=${choiceName(i)}]:checked`))?.value || 'base' }))
              .filter((c) => c.source === 'other');
            try {
              await api.put(`${base}/studies/${studyId}/consensus`, { base: data.first, choices });
              await api.post(`${base}/studies/${studyId}/finalize`, {});
              replace(consensusStatus, h('p', { class: 'notice ok', role: 'status' }, 'Consensus saved and the extraction finalised; the synthesis updates from it.'));
              announce('Extraction finalised.');
            } catch (error) { replace(consensusStatus, problemPanel(error, { what: 'Consensus' })); }
          } }, 'Save consensus and finalise')) : null,
        consensusStatus);
    } catch (error) {
      const p = asProblem(error);
      replace(compareArea, h('h2', { id: 'compare-title' }, 'Comparison of the two extractors'),
        p.status === 409 || p.status === 403 ? h('p', { class: 'hint' }, p.detail || 'The comparison opens once both extractors have submitted.') : problemPanel(error, { what: 'Comparison' }));
    }
  }
  await loadComparison();
}

/** A comparison path in the form's words: "fields.route.choice" → "Route". @param {string} path @param {any} form */
function pathLabel(path, form) {
  const m = /^fields\.([^.[]+)/.exec(path);
  const def = m && (form.studyFields || []).find((/** @type {any} */ f) => f.key === m[1]);
  if (def) return def.label;
  const o = /^outcomes\[([^@\]]+)@([^\]]+)\]\.arms\[([^\]]+)\]\.(\w+)$/.exec(path);
  if (o) {
    const outcome = (form.outcomes?.outcomes || []).find((/** @type {any} */ x) => x.key === o[1]);
    return `${outcome ? outcome.label : o[1]} at ${o[2]}, ${o[3]} arm: ${o[4] === 'sd' ? 'SD' : o[4]}`;
  }
  return path;
}

/** @param {any} v */
function show(v) {
  if (v === null || v === undefined) return '—';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** The select value that stands for the API's { notReported: true }. */
const notReported = '__notReported';

/** A study-level field by type. @param {any} def @param {any} value */
function studyField(def, value) {
  const id = uid(`sf-${def.key}`);
  const type = String(def.type).toLowerCase();
  const label = h('label', { for: id }, def.label, def.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null);
  const help = def.help || def.repeated ? h('p', { class: 'hint', id: `${id}-hint` }, def.help || 'One or more values, separated by commas.') : null;
  /** @type {HTMLElement} */
  let control;
  if (type === 'choice') {
    // "Not reported" is the API's notReported flag: looked, and the paper does not say.
    control = h('select', { id, dataset: { key: def.key, type } }, h('option', { value: '' }, '— choose —'),
      (def.options || []).map((/** @type {any} */ o) => h('option', { value: o.value, selected: value?.choice === o.value }, o.label || o.value)),
      h('option', { value: notReported, selected: value?.notReported === true }, 'Not reported in the paper'));
  } else if (type === 'checklist') {
    return h('fieldset', { class: 'field checklist', dataset: { key: def.key, type } }, h('legend', null, def.label), help,
      (def.options || []).map((/** @type {any} */ o) => h('label', { class: 'check' }, h('input', { type: 'checkbox', value: o.value, checked: (value?.checked || []).includes(o.value) }), ` ${o.label || o.value}`)));
  } else if (type === 'number') {
    const units = def.allowedUnits || [];
    // A repeated number (follow-up time points) is typed as "7, 28" with one unit.
    const shown = def.repeated ? (value?.values || []).map((/** @type {any} */ v) => v.value).join(', ') : value?.number ?? '';
    const unitNow = def.repeated ? value?.values?.[0]?.unit : value?.unit;
    control = h('span', { class: 'number-unit', dataset: { key: def.key, type, repeated: def.repeated ? 'true' : null } },
      h('input', { id, type: def.repeated ? 'text' : 'number', inputmode: 'decimal', step: def.repeated ? null : 'any', value: shown }),
      units.length ? h('select', { 'aria-label': `${def.label} unit` }, units.map((/** @type {string} */ u) => h('option', { value: u, selected: unitNow === u }, u))) : null);
  } else {
    control = h('input', { id, type: 'text', value: value?.text ?? '', dataset: { key: def.key, type } });
  }
  return h('div', { class: 'field' }, label, help, control);
}

/** @param {HTMLElement} el */
function readField(el) {
  const type = el.dataset.type;
  if (type === 'checklist') {
    const checked = [...el.querySelectorAll('input:checked')].map((i) => /** @type {HTMLInputElement} */ (i).value);
    return checked.length ? { checked } : null;
  }
  if (type === 'number') {
    const n = /** @type {HTMLInputElement} */ (el.querySelector('input')).value.trim();
    if (n === '') return null;
    const unit = /** @type {HTMLSelectElement | null} */ (el.querySelector('select'))?.value;
    if (el.dataset.repeated) return { values: n.split(/[,;\s]+/).filter(Boolean).map((v) => (unit ? { value: Number(v), unit } : { value: Number(v) })) };
    return unit ? { number: Number(n), unit } : { number: Number(n) };
  }
  const v = /** @type {HTMLInputElement} */ (el).value;
  if (!v) return null;
  if (v === notReported) return { notReported: true };
  return type === 'choice' ? { choice: v } : { text: v };
}

/** Where an outcome row's numbers were read (the API requires it to submit). */
const sources = [{ value: 'table', label: 'Table' }, { value: 'text', label: 'Text' }, { value: 'figure', label: 'Figure' }];

/** @param {any} row @param {any[]} arms @param {any[]} defs @param {string[]} timeUnits */
function outcomeRow(row, arms, defs, timeUnits) {
  const outcome = h('select', { 'aria-label': 'Outcome', dataset: { role: 'outcome' } }, defs.map((d) => h('option', { value: d.key, selected: row?.outcome === d.key }, d.label)));
  const unit = h('input', { type: 'text', value: row?.unit ?? '', 'aria-label': 'Unit', size: 6, dataset: { role: 'unit' } });
  const tp = h('input', { type: 'number', step: 'any', value: row?.timePoint?.value ?? '', 'aria-label': 'Time point', dataset: { role: 'tp' }, class: 'short' });
  const tpUnit = h('select', { 'aria-label': 'Time point unit', dataset: { role: 'tpUnit' } }, timeUnits.map((u) => h('option', { value: u, selected: row?.timePoint?.unit === u }, u)));
  const source = h('select', { 'aria-label': 'Source of the numbers', dataset: { role: 'source' } },
    sources.map((o) => h('option', { value: o.value, selected: (row?.source || 'table') === o.value }, o.label)));
  const tr = h('tr', null,
    h('td', null, outcome), h('td', null, unit), h('td', null, tp, tpUnit), h('td', null, source),
    arms.map((a) => {
      const data = (row?.arms || []).find((/** @type {any} */ x) => x.armId === a.id) || {};
      return h('td', { dataset: { arm: a.id } },
        h('input', { type: 'number', step: 'any', value: data.mean ?? '', 'aria-label': `${a.label} mean`, dataset: { role: 'mean' }, class: 'short' }),
        h('input', { type: 'number', step: 'any', value: data.sd ?? '', 'aria-label': `${a.label} SD`, dataset: { role: 'sd' }, class: 'short' }),
        h('input', { type: 'number', step: '1', value: data.n ?? '', 'aria-label': `${a.label} n`, dataset: { role: 'n' }, class: 'short' }));
    }),
    h('td', null, h('button', { type: 'button', class: 'danger', 'aria-label': 'Remove this outcome row', onclick: () => tr.remove() }, '×')));
  return tr;
}

/** @param {HTMLElement} tr @param {any[]} arms */
function readRow(tr, arms) {
  const get = (/** @type {string} */ role, /** @type {ParentNode} */ scope = tr) => /** @type {HTMLInputElement | null} */ (scope.querySelector(`[data-role=${role}]`))?.value ?? '';
  const numOrNull = (/** @type {string} */ s) => (s === '' ? null : Number(s));
  const tp = numOrNull(get('tp'));
  return {
    outcome: get('outcome'),
    unit: get('unit') || null,
    timePoint: tp === null ? null : { value: tp, unit: get('tpUnit') },
    source: get('source') || null,
    arms: arms.map((a) => {
      const cell = /** @type {HTMLElement} */ (tr.querySelector(`[data-arm="${CSS.escape(a.id)}"]`));
      const mean = numOrNull(get('mean', cell)); const sd = numOrNull(get('sd', cell)); const n = numOrNull(get('n', cell));
      return { armId: a.id, reported: 'meanSd', mean, sd, n };
    }),
  };
}
