// @ts-check
/**
 * The screening workspace, keyboard first: one record at a time, highlights from the API's
 * offsets, I / E / M / 1–9 / U. Blinded: the page never shows another reviewer's decision on an
 * open record (the API does not send it; this screen would not show it anyway).
 */
import { api, idempotencyKey } from '../api.js';
import { h, replace, problemPanel, heading, loading, announce, asProblem } from '../dom.js';

/** @typedef {import('../main.js').ViewContext} ViewContext */

const stages = [
  { value: 'title-abstract', label: 'Title and abstract' },
  { value: 'full-text', label: 'Full text' },
];

/** @param {ViewContext} ctx */
export async function screeningView(ctx) {
  const project = /** @type {NonNullable<ViewContext['project']>} */ (ctx.project);
  const protocol = project.protocol || {};
  /** @type {string[]} */
  const reasons = (protocol.exclusionReasons || []).slice(0, 9);
  const stage = stages.some((s) => s.value === ctx.query.get('stage')) ? /** @type {string} */ (ctx.query.get('stage')) : 'title-abstract';
  const base = `/api/screening/projects/${project.id}`;
  // The API lets reviewers and methodologists decide (and a lead, who may do everything); observers read.
  const canDecide = ctx.role === 'reviewer' || ctx.role === 'lead' || ctx.role === 'methodologist';

  /** @type {any} */
  let current = null;
  /** @type {{ item: any, decision: string, reason?: string }[]} */
  const decided = [];
  let busy = false;

  const recordArea = h('div', { class: 'record-area' }, loading('the next record'));
  const progressArea = h('div', { class: 'card progress', 'aria-labelledby': 'progress-title' }, h('h2', { id: 'progress-title' }, 'Progress'), loading('progress'));
  const lastArea = h('p', { class: 'last-decision', 'aria-live': 'polite' });
  const designSelect = h('select', { id: 'study-design' }, [
    { value: 'animal', label: 'Animal study (SYRCLE)' }, { value: 'randomised', label: 'Randomised trial (RoB 2)' }, { value: 'non-randomised', label: 'Non-randomised study (ROBINS-I)' },
  ].map((d) => h('option', { value: d.value }, d.label)));
  const stageSelect = h('select', { id: 'stage', 'aria-label': 'Stage' }, stages.map((s) => h('option', { value: s.value, selected: s.value === stage }, s.label)));
  stageSelect.addEventListener('change', () => ctx.navigate(`#/p/${project.id}/screening?stage=${/** @type {HTMLSelectElement} */ (stageSelect).value}`));

  replace(ctx.main,
    h('div', { class: 'title-row' }, heading('Screening'), h('label', { class: 'stage-picker' }, 'Stage ', stageSelect)),
    h('div', { class: 'workspace' },
      h('div', null, recordArea, lastArea),
      h('aside', { class: 'side', 'aria-label': 'Progress and keys' },
        progressArea,
        h('section', { class: 'card keys-card', 'aria-labelledby': 'keys-title' },
          h('h2', { id: 'keys-title' }, 'Keys'),
          h('dl', { class: 'keys' },
            h('dt', null, h('kbd', null, 'I')), h('dd', null, 'Include'),
            h('dt', null, h('kbd', null, 'E')), h('dd', null, stage === 'full-text' ? 'Exclude (then pick a reason)' : 'Exclude'),
            h('dt', null, h('kbd', null, 'M')), h('dd', null, 'Maybe'),
            h('dt', null, h('kbd', null, '1'), '–', h('kbd', null, String(Math.max(1, reasons.length)))), h('dd', null, 'Exclude with that reason'),
            h('dt', null, h('kbd', null, 'U')), h('dd', null, 'Undo your last decision')),
          h('p', { class: 'hint' }, protocol.screening?.blinded === false
            ? 'Screening is not blinded in this project.'
            : 'Blinded: you see only your own decisions until a record is final.')))));

  /** @param {string} decision @param {string} [reason] */
  async function decide(decision, reason) {
    if (!current || busy || !canDecide) return;
    if (decision === 'exclude' && !reason && stage === 'full-text') {
      announce('Pick an exclusion reason: press 1 to 9.');
      /** @type {HTMLElement | null} */ (recordArea.querySelector('.reasons-list button'))?.focus();
      return;
    }
    busy = true;
    const item = current;
    try {
      /** @type {Record<string, string>} */
      const body = { decision };
      if (reason) body.reason = reason;
      // At full text an include says the study's design, which picks its risk-of-bias tool.
      if (decision === 'include' && stage === 'full-text') body.studyDesign = /** @type {HTMLSelectElement} */ (designSelect).value;
      // The page reads no answer (it goes on to the next record): ask for none (RFC 7240).
      await api.post(`${base}/items/${item.itemId}/decisions`, body, { 'Idempotency-Key': idempotencyKey(), Prefer: 'return=minimal' });
      decided.push({ item, decision, reason });
      const said = `${labelOf(decision)}${reason ? ` — ${reason}` : ''}: “${truncate(citationOf(item).title, 80)}”.`;
      replace(lastArea, h('span', { class: `badge ${decision}` }, labelOf(decision)), ' ', `Last decision${reason ? ` (${reason})` : ''}: “${truncate(citationOf(item).title, 80)}”. Press U to undo.`);
      announce(said);
      await loadNext();
    } catch (error) {
      showInlineProblem(error, 'Recording your decision');
    } finally {
      busy = false;
    }
  }

  async function undo() {
    if (busy) return;
    const last = decided.pop();
    if (!last) { announce('Nothing to undo.'); return; }
    busy = true;
    try {
      try {
        await api.del(`${base}/items/${last.item.itemId}/decisions/me`);
      } catch (error) {
        // Without a delete endpoint the reviewer's next decision on this record replaces the
        // last one (the API lets a reviewer change a decision until the record is final).
        if (!asProblem(error).missingEndpoint) throw error;
      }
      current = last.item;
      renderRecord(current);
      replace(lastArea, `Undone. Decide again on “${truncate(citationOf(current).title, 80)}”.`);
      announce('Last decision undone; the record is back.');
      refreshProgress();
    } catch (error) {
      decided.push(last);
      showInlineProblem(error, 'Undoing');
    } finally {
      busy = false;
    }
  }

  /** @param {unknown} error @param {string} what */
  function showInlineProblem(error, what) {
    const old = recordArea.querySelector('.inline-problem');
    old?.remove();
    const panel = problemPanel(error, { what });
    panel.classList.add('inline-problem');
    recordArea.prepend(panel);
    announce(`${what} failed: ${asProblem(error).detail || asProblem(error).title}`);
  }

  async function loadNext() {
    replace(recordArea, loading('the next record'));
    try {
      const result = await api.get(`${base}/next?stage=${stage}`);
      if (result.status === 204 || !result.data) {
        current = null;
        replace(recordArea, h('section', { class: 'card done', role: 'status' },
          h('h2', null, 'Nothing left for you at this stage'),
          h('p', null, decided.length ? `You decided ${decided.length} record${decided.length === 1 ? '' : 's'} in this session.` : 'There are no records waiting for your decision.'),
          h('p', null, 'New records arrive with imports and saved PubMed searches; conflicts go to the methodologists and leads.')));
      } else {
        current = result.data;
        renderRecord(current);
      }
      refreshProgress(result.data);
    } catch (error) {
      current = null;
      replace(recordArea, problemPanel(error, { what: 'The next record', retry: () => loadNext() }));
      refreshProgress();
    }
  }

  /** @param {any} item */
  function renderRecord(item) {
    const c = citationOf(item);
    const highlights = Array.isArray(item.highlights) ? item.highlights : [];
    const authors = (c.authors || []).map(authorName).filter(Boolean);
    const mesh = (c.meshTerms || []).map((/** @type {any} */ m) => typeof m === 'string' ? m : m.descriptor).filter(Boolean);
    const reasonButtons = reasons.map((r, i) => h('li', null,
      h('button', { type: 'button', class: 'reason', disabled: !canDecide, 'aria-keyshortcuts': String(i + 1), onclick: () => decide('exclude', r) }, h('kbd', null, String(i + 1)), ` ${r}`)));
    replace(recordArea,
      h('article', { class: 'record', 'aria-labelledby': 'record-title', dataset: { itemId: item.itemId } },
        h('h2', { id: 'record-title', class: 'record-title', tabindex: '-1' }, highlighted(c.title || '(no title)', highlights, 'title')),
        h('p', { class: 'byline' },
          authors.length ? (authors.length > 8 ? `${authors.slice(0, 8).join(', ')}, et al. (${authors.length} authors)` : authors.join(', ')) : 'No authors listed',
          h('br'),
          h('span', { class: 'journal' }, [c.journal, c.year].filter(Boolean).join(' · ') || 'Journal and year not given'),
          c.pmid ? h('span', null, ` · PMID ${c.pmid}`) : null,
          c.retracted || item.retracted ? h('strong', { class: 'badge exclude' }, ' Retracted') : null),
        h('section', { class: 'abstract', 'aria-label': 'Abstract' }, abstractNodes(c, highlights)),
        mesh.length ? h('section', { 'aria-labelledby': 'mesh-title' }, h('h3', { id: 'mesh-title' }, 'MeSH terms'), h('ul', { class: 'mesh' }, mesh.map((/** @type {string} */ m) => h('li', null, m)))) : null,
        item.ownDecision ? h('p', { class: 'notice' }, `Your current decision: ${labelOf(item.ownDecision.kind || item.ownDecision.decision)}. A new decision replaces it.`) : null,
        canDecide && stage === 'full-text' ? h('p', { class: 'field inline' }, h('label', { for: 'study-design' }, 'Study design if included '), designSelect) : null,
        canDecide ? h('div', { class: 'decision-bar', role: 'group', 'aria-label': 'Decision' },
          h('button', { type: 'button', class: 'include', 'aria-keyshortcuts': 'I', onclick: () => decide('include') }, h('kbd', null, 'I'), ' Include'),
          h('button', { type: 'button', class: 'exclude', 'aria-keyshortcuts': 'E', onclick: () => decide('exclude') }, h('kbd', null, 'E'), ' Exclude'),
          h('button', { type: 'button', class: 'maybe', 'aria-keyshortcuts': 'M', onclick: () => decide('maybe') }, h('kbd', null, 'M'), ' Maybe'),
          h('button', { type: 'button', 'aria-keyshortcuts': 'U', onclick: () => undo() }, h('kbd', null, 'U'), ' Undo')) : h('p', { class: 'notice' }, 'Observers read records; they do not screen.'),
        canDecide && reasons.length ? h('section', { 'aria-labelledby': 'reasons-title' },
          h('h3', { id: 'reasons-title' }, 'Exclude with a reason'),
          h('ul', { class: 'reasons-list' }, reasonButtons)) : null));
    /** @type {HTMLElement} */ (recordArea.querySelector('#record-title')).focus();
  }

  /** @param {any} [fromNext] */
  async function refreshProgress(fromNext) {
    let p = fromNext && fromNext.progress ? fromNext.progress : null;
    if (!p) {
      try {
        const { data } = await api.get(`${base}/statistics`);
        p = stageStatistics(data, stage);
      } catch (error) {
        if (!asProblem(error).missingEndpoint) {
          replace(progressArea, h('h2', { id: 'progress-title' }, 'Progress'), problemPanel(error, { what: 'Progress' }));
          return;
        }
      }
    }
    const screened = num(p, ['screened', 'decided', 'final']);
    const remaining = num(p, ['remaining', 'awaiting', 'open']);
    const estimate = num(p, ['estimatedRelevantRemaining', 'relevantRemainingEstimate', 'estimatedRelevantLeft']);
    const total = screened !== null && remaining !== null ? screened + remaining : num(p, ['items', 'total']);
    replace(progressArea,
      h('h2', { id: 'progress-title' }, 'Progress'),
      p ? h('dl', { class: 'progress-numbers' },
        h('dt', null, 'Screened'), h('dd', { dataset: { stat: 'screened' } }, fmt(screened)),
        h('dt', null, 'Remaining'), h('dd', { dataset: { stat: 'remaining' } }, fmt(remaining)),
        h('dt', null, 'Relevant left (model estimate)'), h('dd', { dataset: { stat: 'estimate' } }, estimate === null ? '—' : estimate.toFixed(1))) : h('p', { class: 'hint' }, 'Progress figures are not available from this server yet.'),
      total ? h('progress', { max: total, value: screened || 0, 'aria-label': `${screened || 0} of ${total} screened` }) : null,
      h('p', { class: 'hint' }, `You decided ${decided.length} in this session.`),
      estimate !== null ? h('p', { class: 'hint' }, 'The estimate is a guide from the ranking model, not a guarantee.') : null);
  }

  /** @param {KeyboardEvent} e */
  function onKey(e) {
    // A key held past the system's repeat delay repeats its keydown; one press is one decision,
    // never one on each record that follows unread. Keys composing text (an IME) are not commands.
    if (e.repeat || e.isComposing) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const target = /** @type {HTMLElement} */ (e.target);
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    const key = e.key.toLowerCase();
    if (key === 'u') { e.preventDefault(); undo(); return; }
    if (!current) return;
    if (key === 'i') { e.preventDefault(); decide('include'); }
    else if (key === 'e') { e.preventDefault(); decide('exclude'); }
    else if (key === 'm') { e.preventDefault(); decide('maybe'); }
    else if (/^[1-9]$/.test(key) && reasons[Number(key) - 1]) { e.preventDefault(); decide('exclude', reasons[Number(key) - 1]); }
  }
  document.addEventListener('keydown', onKey);
  ctx.onLeave(() => document.removeEventListener('keydown', onKey));
  await loadNext();
}

/** The record an item carries: flat on the item, or under citation/record. @param {any} item */
function citationOf(item) {
  return item.citation || item.record || item;
}

/** @param {any} a */
function authorName(a) {
  if (typeof a === 'string') return a;
  if (!a) return '';
  return a.collectiveName || [a.lastName, a.initials || a.foreName].filter(Boolean).join(' ');
}

/** @param {string} d */
function labelOf(d) {
  const k = String(d || '').toLowerCase();
  return k === 'include' ? 'Include' : k === 'exclude' ? 'Exclude' : k === 'maybe' ? 'Maybe' : String(d);
}

/** @param {string} s @param {number} n */
function truncate(s, n) {
  return !s ? '' : s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** @param {any} p @param {string[]} keys */
function num(p, keys) {
  if (!p) return null;
  for (const k of keys) if (typeof p[k] === 'number') return p[k];
  return null;
}

/** @param {number | null} n */
function fmt(n) {
  return n === null ? '—' : n.toLocaleString();
}

/** Statistics for one stage from GET .../statistics ({stages: [...] | {stage: {...}}}). @param {any} data @param {string} stage */
export function stageStatistics(data, stage) {
  if (!data) return null;
  const camel = stage.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  const stagesData = data.stages;
  if (Array.isArray(stagesData)) {
    return stagesData.find((s) => [stage, camel].includes(String(s.stage).replace(/_/g, '-')) || String(s.stage).toLowerCase() === camel.toLowerCase()) || null;
  }
  if (stagesData && typeof stagesData === 'object') return stagesData[stage] || stagesData[camel] || null;
  return null;
}

/**
 * Text with the API's highlight spans (UTF-16 offsets into that text) as <mark>s: include terms
 * green with a solid underline, exclude terms red with a dotted one.
 * @param {string} text
 * @param {any[]} highlights
 * @param {string} fieldName
 * @param {number} [from] offset of the first character of text within the field
 */
export function highlighted(text, highlights, fieldName, from = 0) {
  const spans = highlights
    .filter((x) => String(x.field).toLowerCase() === fieldName)
    .map((x) => ({ start: x.start - from, end: x.start - from + x.length, kind: String(x.kind).toLowerCase(), term: x.term }))
    .filter((x) => x.end > 0 && x.start < text.length)
    .sort((a, b) => a.start - b.start);
  /** @type {(Node | string)[]} */
  const out = [];
  let pos = 0;
  for (const s of spans) {
    const start = Math.max(s.start, pos);
    const end = Math.min(s.end, text.length);
    if (end <= start) continue;
    if (start > pos) out.push(text.slice(pos, start));
    out.push(h('mark', { class: s.kind === 'exclude' ? 'hl-exclude' : 'hl-include', title: `${s.kind} term${s.term ? `: ${s.term}` : ''}` }, text.slice(start, end)));
    pos = end;
  }
  if (pos < text.length) out.push(text.slice(pos));
  return out;
}

/**
 * The abstract with its labelled sections. The highlight offsets count in the flat abstract, so
 * each section is found in it and its highlights shifted; if the sections cannot be located the
 * flat abstract is shown.
 * @param {any} c
 * @param {any[]} highlights
 */
function abstractNodes(c, highlights) {
  const abstract = typeof c.abstract === 'string' ? c.abstract : '';
  const sections = Array.isArray(c.abstractSections) ? c.abstractSections : [];
  if (!abstract && sections.length === 0) return h('p', { class: 'hint' }, 'No abstract.');
  if (sections.length > 0 && sections.some((/** @type {any} */ s) => s.label)) {
    let cursor = 0;
    const located = [];
    for (const s of sections) {
      const at = abstract.indexOf(s.text, cursor);
      if (at < 0) { located.length = 0; break; }
      located.push({ label: s.label, text: s.text, at });
      cursor = at + s.text.length;
    }
    if (located.length === sections.length) {
      return located.map((s) => h('p', null, s.label ? h('span', { class: 'section-label' }, `${s.label}: `) : null, highlighted(s.text, highlights, 'abstract', s.at)));
    }
    if (!abstract) return sections.map((/** @type {any} */ s) => h('p', null, s.label ? h('span', { class: 'section-label' }, `${s.label}: `) : null, s.text));
  }
  // Labelled sections inside a flat abstract ("BACKGROUND: ... METHODS: ..."): split before each label.
  const labelPattern = /(?:^|\s)([A-Z][A-Z ,&/-]{2,40}):\s/g;
  const starts = [];
  let m;
  while ((m = labelPattern.exec(abstract)) !== null) starts.push({ index: m.index + (m[0].length - m[1].length - 2), label: m[1], textStart: m.index + m[0].length });
  if (starts.length < 2) return h('p', null, highlighted(abstract, highlights, 'abstract'));
  const parts = [];
  if (starts[0].index > 0) parts.push(h('p', null, highlighted(abstract.slice(0, starts[0].index).trimEnd(), highlights, 'abstract')));
  starts.forEach((s, i) => {
    const end = i + 1 < starts.length ? starts[i + 1].index : abstract.length;
    parts.push(h('p', null, h('span', { class: 'section-label' }, `${s.label}: `), highlighted(abstract.slice(s.textStart, end), highlights, 'abstract', s.textStart)));
  });
  return parts;
}
