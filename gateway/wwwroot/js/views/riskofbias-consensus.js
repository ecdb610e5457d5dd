// @ts-check
import { api, request } from '../api.js';
import { h, replace, problemPanel, announce, asProblem } from '../dom.js';

/**
 * Consensus for methodologists and leads once both assessors have submitted: per domain the two
 * assessors' judgements side by side (differing ones marked), a choice between the two answers
 * for each item they differ on, a reason for each (the API keeps it), then finalising.
 * @param {string} base @param {string} studyId @param {any} study @param {(j: string | null | undefined) => HTMLElement} judgement
 */
export async function consensusSection(base, studyId, study, judgement) {
  const section = h('section', { class: 'card consensus', 'aria-labelledby': 'consensus-title' });
  /** @type {any} */
  let comparison;
  /** @type {string | null} */
  let etag = null;
  try {
    const r = await api.get(`${base}/studies/${studyId}/comparison`);
    comparison = r.data;
    etag = r.headers.get('ETag');
  } catch (error) {
    replace(section, h('h2', { id: 'consensus-title' }, 'Consensus'), problemPanel(error, { what: 'The comparison' }));
    return section;
  }
  const [first, second] = comparison.sheets;
  const domainsOf = (/** @type {any} */ sheet) => new Map((sheet.evaluation.domains || []).map((/** @type {any} */ d) => [d.domainId, d]));
  const firstDomains = domainsOf(first), secondDomains = domainsOf(second);
  /** @type {any[]} */
  const differences = comparison.differences || [];
  const answerDifferences = differences.filter((d) => d.kind === 'answer');
  const status = h('div', { 'aria-live': 'polite' });
  const finalised = study.final != null;

  /** One decision per differing answer: whose answer the consensus takes, and why. */
  const decisions = answerDifferences.map((d) => {
    const name = `consensus-${d.itemId}`;
    const reasonId = `${name}-reason`;
    const option = (/** @type {string} */ who, /** @type {string | null} */ value) => h('label', { class: 'check' },
      h('input', { type: 'radio', name, value: value ?? '', disabled: value == null || finalised }), ` ${who}'s: ${value ?? '—'}`);
    return {
      difference: d,
      row: h('tr', { class: d.resolved ? 'resolved' : 'differs', dataset: { item: d.itemId } },
        h('th', { scope: 'row' }, `${d.domainId} · question ${d.itemId}`),
        h('td', null, h('fieldset', { class: 'choice' }, h('legend', { class: 'visually-hidden' }, `Consensus answer to question ${d.itemId}`),
          option(first.assessor, d.first), option(second.assessor, d.second))),
        h('td', null, h('label', { for: reasonId, class: 'visually-hidden' }, `Reason for question ${d.itemId}`),
          h('input', { id: reasonId, type: 'text', name: reasonId, disabled: finalised, placeholder: 'Why (kept with the assessment)' }))),
    };
  });

  const domainIds = [...new Set([...firstDomains.keys(), ...secondDomains.keys()])];
  const consensusDomains = comparison.consensus ? domainsOf(comparison.consensus) : new Map();
  const sideBySide = h('table', { class: 'data compare-table' },
    h('caption', null, `${first.assessor} and ${second.assessor}: ${plural(domainIds.filter((id) => firstDomains.get(id)?.final !== secondDomains.get(id)?.final).length, 'domain')} judged differently`),
    h('thead', null, h('tr', null, ['Domain', first.assessor, second.assessor, 'Consensus'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, domainIds.map((id) => {
      const a = firstDomains.get(id), b = secondDomains.get(id);
      const differs = a?.final !== b?.final;
      return h('tr', { class: differs ? 'differs' : '', dataset: { domain: id } },
        h('th', { scope: 'row' }, `${id} ${a?.domain || b?.domain || ''}`, differs ? h('span', { class: 'visually-hidden' }, ' (judged differently)') : null),
        h('td', null, judgement(a?.final)), h('td', null, judgement(b?.final)),
        h('td', null, consensusDomains.get(id)?.final ? judgement(consensusDomains.get(id).final) : (differs ? 'to decide' : judgement(a?.final))));
    })));

  async function save() {
    /** @type {Record<string, {answer: string, reason: string}>} */
    const answers = {};
    for (const { difference, row } of decisions) {
      const chosen = /** @type {HTMLInputElement | null} */ (row.querySelector('input[type=radio]:checked'));
      if (!chosen) continue;
      answers[difference.itemId] = { answer: chosen.value, reason: /** @type {HTMLInputElement} */ (row.querySelector('input[type=text]')).value };
    }
    if (Object.keys(answers).length === 0) { replace(status, h('p', { class: 'notice problem', role: 'alert' }, 'Choose an answer for at least one question the assessors differ on.')); return false; }
    try {
      const r = await request('PUT', `${base}/studies/${studyId}/consensus`, { json: { answers }, headers: etag ? { 'If-Match': etag } : {} });
      etag = r.headers.get('ETag') || etag;
      comparison = r.data;
      return true;
    } catch (error) {
      replace(status, problemPanel(error, { what: 'Recording the consensus' }));
      return false;
    }
  }

  async function finalise() {
    if (decisions.length > 0 && !(await save())) return;
    try {
      await request('POST', `${base}/studies/${studyId}/finalize`, { json: {}, headers: etag ? { 'If-Match': etag } : {} });
      replace(status, h('p', { class: 'notice ok', role: 'status' }, 'Consensus recorded and the assessment finalised.'));
      announce('Risk-of-bias assessment finalised.');
    } catch (error) {
      const problem = asProblem(error);
      replace(status, problemPanel(error, { what: problem.status === 412 ? 'Finalising (someone changed the assessment; reload)' : 'Finalising' }));
    }
  }

  replace(section, h('h2', { id: 'consensus-title' }, 'Consensus'),
    sideBySide,
    decisions.length ? h('table', { class: 'data decisions' },
      h('caption', null, `${plural(answerDifferences.length, 'question')} answered differently`),
      h('thead', null, h('tr', null, ['Question', 'Consensus answer', 'Reason'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, decisions.map((d) => d.row))) : h('p', { class: 'hint' }, 'The assessors answered every question alike.'),
    finalised ? h('p', { class: 'notice ok', role: 'status' }, 'This assessment is final.')
      : h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', onclick: finalise }, 'Record consensus and finalise')),
    status);
  return section;
}

/** @param {number} n @param {string} noun */
const plural = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;
