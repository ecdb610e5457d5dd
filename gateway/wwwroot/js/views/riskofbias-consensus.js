// @ts-check
import { api, request } from '../api.js';
import { h, replace, problemPanel, announce, asProblem, showFormProblem, clearFormProblem } from '../dom.js';
import { answerWords, heldWords } from './riskofbias-words.js';

/**
 * @typedef {{ label: (code: string | null | undefined) => string, badge: (code: string | null | undefined) => HTMLElement, levels: () => {value: string, label: string}[] }} Words
 * @typedef {{ base: string, studyId: string, study: any, definition: any, words: Words, reload: (message?: string) => Promise<void>, message?: string }} ConsensusContext
 */

/**
 * Consensus for methodologists and leads once both assessors have submitted: per domain the two
 * assessors' judgements side by side (differing ones marked); for each question they answered
 * differently a choice of either answer; for each domain (and overall) a judgement of the
 * methodologist's own, which may differ from both assessors', each with a required reason that
 * the API keeps; then finalising. A final assessment can be reopened with a reason.
 * @param {ConsensusContext} c
 */
export async function consensusSection(c) {
  const { base, studyId, study, definition, words } = c;
  const tool = study.tool;
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
    replace(section, h('h2', { id: 'consensus-title' }, 'Consensus'), problemPanel(error, { what: 'The comparison', retry: () => c.reload() }));
    return section;
  }
  const [first, second] = comparison.sheets;
  const domainsOf = (/** @type {any} */ evaluation) => new Map((evaluation?.domains || []).map((/** @type {any} */ d) => [d.domainId, d]));
  const firstDomains = domainsOf(first.evaluation), secondDomains = domainsOf(second.evaluation);
  const consensusDomains = domainsOf(comparison.consensus?.evaluation);
  const reasons = comparison.consensus?.reasons || {};
  const finalised = study.final != null;
  const hasOverall = (definition?.overallRule ?? (first.evaluation.overallProposed ? 'worst' : 'none')) !== 'none';
  /** @type {any[]} */
  const answerDifferences = (comparison.differences || []).filter((/** @type {any} */ d) => d.kind === 'answer');
  const domainIds = [...new Set([...firstDomains.keys(), ...secondDomains.keys()])];
  const domainName = (/** @type {string} */ id) => firstDomains.get(id)?.domain || secondDomains.get(id)?.domain || '';
  const status = h('div', { 'aria-live': 'polite' });

  /**
   * What the consensus says now: its own judgement, else one it holds until questions (or domains)
   * are decided, else the assessors' shared one, else still to decide.
   * @param {any} a @param {any} b @param {string | null | undefined} agreed @param {string | null} [held] the override the consensus holds @param {string[] | null} [waitingFor] its domain's open questions (null: overall)
   */
  const consensusCell = (a, b, agreed, held, waitingFor) => agreed ? words.badge(agreed)
    : held ? [words.badge(held), ` (${heldWords(waitingFor)})`]
      : (a !== b ? 'to decide' : words.badge(a));
  const finalOverall = finalised ? study.final.overall : comparison.consensus?.evaluation?.overall;
  /**
   * Domains whose override stood in for unanswered questions when the assessment was finalised (before
   * that was refused): the judgement stands as finalised, and the page says what it rests on.
   * @type {Record<string, string[]>}
   */
  const stoodInFor = (finalised && study.final.overridesStoodIn) || {};
  const earlierRule = Object.keys(stoodInFor).length
    ? h('p', { class: 'hint earlier-rule' }, `Finalised under the earlier rule: ${Object.entries(stoodInFor)
      .map(([id, questions]) => `the ${id} override stood in for unanswered ${questions.length === 1 ? 'question' : 'questions'} ${questions.join(', ')}`)
      .join('; ')}. Today such an override waits for its questions; reopen the assessment to answer them.`)
    : null;
  /**
   * An assessor's judgement, with their reason where they overrode the proposal. An override their
   * open questions hold back is shown with what it says and what it waits for: "not yet" alone hid
   * the assessor's judgement from the methodologist comparing the two. One that stood in for them
   * (a sheet read under the earlier rule) is their judgement, and the cell names the questions.
   * @param {string | null | undefined} code @param {any} departure @param {any} [domain] the assessor's evaluation of the domain
   */
  const assessorCell = (code, departure, domain) => {
    const held = !code && domain?.overrideHeld;
    const notes = [held ? heldWords(domain.unanswered) : null, domain?.overrideStoodIn ? `override stood in for ${domain.unanswered.join(', ')}` : null,
      departure?.reason ? `override: ${departure.reason}` : null].filter(Boolean);
    return h('td', null, words.badge(held ? domain.override : code), notes.length ? ` (${notes.join('; ')})` : null);
  };
  const sideBySide = h('table', { class: 'data compare-table' },
    h('caption', null, `${first.assessor} and ${second.assessor}: ${plural(domainIds.filter((id) => firstDomains.get(id)?.final !== secondDomains.get(id)?.final).length, 'domain')} judged differently`),
    h('thead', null, h('tr', null, ['Domain', first.assessor, second.assessor, finalised ? 'Final' : 'Consensus'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, domainIds.map((id) => {
      const a = firstDomains.get(id)?.final, b = secondDomains.get(id)?.final;
      const differs = a !== b;
      const agreed = finalised ? study.final.domains?.[id] : consensusDomains.get(id)?.final;
      const held = finalised ? null : consensusDomains.get(id);
      const stoodIn = finalised ? stoodInFor[id] : null;
      return h('tr', { class: differs ? 'differs' : '', dataset: { domain: id } },
        h('th', { scope: 'row' }, `${id} ${domainName(id)}`, differs ? h('span', { class: 'visually-hidden' }, ' (judged differently)') : null),
        assessorCell(a, first.sheet?.overrides?.[id], firstDomains.get(id)), assessorCell(b, second.sheet?.overrides?.[id], secondDomains.get(id)),
        h('td', null, consensusCell(a, b, agreed, held?.overrideHeld ? held.override : null, held?.unanswered), stoodIn ? ` (override stood in for ${stoodIn.join(', ')})` : null));
    }),
    hasOverall ? h('tr', { class: first.evaluation.overall !== second.evaluation.overall ? 'differs' : '', dataset: { domain: 'overall' } },
      h('th', { scope: 'row' }, 'Overall'), assessorCell(first.evaluation.overall, first.sheet?.overall), assessorCell(second.evaluation.overall, second.sheet?.overall),
      h('td', null, consensusCell(first.evaluation.overall, second.evaluation.overall, finalOverall,
        !finalised && comparison.consensus?.evaluation?.overallOverrideHeld ? comparison.consensus.evaluation.overallOverride : null, null))) : null));

  const reopened = (comparison.reopenReasons || []).length
    ? h('div', { class: 'hint reopen-history' }, h('h3', null, 'Reopened before'), h('ul', null, comparison.reopenReasons.map((/** @type {string} */ r) => h('li', null, r))))
    : null;
  const flash = c.message ? h('p', { class: 'notice ok', role: 'status' }, c.message) : null;

  if (finalised) {
    replace(section, h('h2', { id: 'consensus-title' }, 'Consensus'), flash, sideBySide,
      h('p', { class: 'notice ok final-note' }, `This assessment is final (revision ${study.final.revision}).`), earlierRule,
      reopenForm(c, () => etag), reopened);
    return section;
  }

  /** A reason box with its own error slot, named after the API's field so a 400 lands under it. @param {string} apiField @param {string} label @param {string} [value] */
  const reasonBox = (apiField, label, value) => {
    const id = `consensus-${apiField.replace(/[^a-z0-9]/gi, '-')}-reason`;
    return h('div', { class: 'reason' },
      h('label', { for: id, class: 'visually-hidden' }, label),
      h('input', { id, type: 'text', name: id, value: value || '', placeholder: 'Why (kept with the assessment)', 'aria-describedby': `${id}-error`, dataset: { field: apiField } }),
      h('p', { id: `${id}-error`, class: 'field-error', hidden: true }));
  };

  /** One decision per differing answer: whose answer the consensus takes, and why. */
  const answerRows = answerDifferences.map((d) => {
    const name = `consensus-${d.itemId}`;
    const option = (/** @type {string} */ who, /** @type {string | null} */ value) => h('label', { class: 'check' },
      h('input', { type: 'radio', name, value: value ?? '', disabled: value == null }), ` ${who}'s: ${answerWords(tool, value)}`);
    return {
      difference: d,
      row: h('tr', { class: d.resolved ? 'resolved' : 'differs', dataset: { item: d.itemId } },
        h('th', { scope: 'row' }, `${d.domainId} · question ${d.itemId}`),
        h('td', null, h('fieldset', { class: 'choice' }, h('legend', { class: 'visually-hidden' }, `Consensus answer to question ${d.itemId}`),
          option(first.assessor, d.first), option(second.assessor, d.second))),
        h('td', null, reasonBox(`answers.${d.itemId}`, `Reason for question ${d.itemId}`))),
    };
  });

  /** A judgement of the methodologist's own for a domain or overall; empty keeps what the answers give. @param {string} key @param {string} title @param {string} apiField @param {string | null | undefined} current @param {string | undefined} reason */
  const judgementRow = (key, title, apiField, current, reason) => {
    const selectId = `consensus-judgement-${key}`;
    const own = key === 'overall' ? comparison.consensus?.sheet?.overall?.judgement : (comparison.consensus?.sheet?.overrides?.[key]?.judgement || comparison.consensus?.sheet?.statedJudgements?.[key]?.judgement);
    const select = h('select', { id: selectId, name: selectId, dataset: { field: `${apiField}.judgement` } },
      h('option', { value: '' }, current ? `As answered: ${words.label(current)}` : 'Not set (the assessors differ)'),
      words.levels().map((l) => h('option', { value: l.value, selected: own === l.value }, l.label)));
    return {
      key, apiField, select,
      row: h('tr', { dataset: { judgement: key } },
        h('th', { scope: 'row' }, title),
        h('td', null, h('label', { for: selectId, class: 'visually-hidden' }, `Consensus judgement for ${title}`), select),
        h('td', null, reasonBox(apiField, `Reason for the ${title} judgement`, own ? reason : ''))),
    };
  };
  // "As the answers give" names what the consensus answers propose (not an override already set).
  const proposedBy = (/** @type {any} */ a, /** @type {any} */ b) => (a === b ? a : null);
  const judgementRows = domainIds.map((id) => judgementRow(id, `${id} ${domainName(id)}`, `judgements.${id}`,
    consensusDomains.has(id) ? consensusDomains.get(id).proposed : proposedBy(firstDomains.get(id)?.proposed, secondDomains.get(id)?.proposed), reasons[`domain:${id}`]));
  if (hasOverall) {
    judgementRows.push(judgementRow('overall', 'Overall', 'overall',
      comparison.consensus ? comparison.consensus.evaluation.overallProposed : proposedBy(first.evaluation.overallProposed, second.evaluation.overallProposed), reasons.overall));
  }

  const form = h('form', { class: 'consensus-form', novalidate: true, 'aria-labelledby': 'consensus-title' });

  /** The decisions the page holds, in the shape PUT .../consensus takes; null when none is chosen. */
  function decisions() {
    /** @type {Record<string, {answer: string, reason: string}>} */
    const answers = {};
    for (const { difference, row } of answerRows) {
      const chosen = /** @type {HTMLInputElement | null} */ (row.querySelector('input[type=radio]:checked'));
      if (chosen) answers[difference.itemId] = { answer: chosen.value, reason: /** @type {HTMLInputElement} */ (row.querySelector('input[type=text]')).value };
    }
    /** @type {Record<string, {judgement: string, reason: string}>} */
    const judgements = {};
    /** @type {{judgement: string, reason: string} | undefined} */
    let overall;
    for (const j of judgementRows) {
      const value = /** @type {HTMLSelectElement} */ (j.select).value;
      if (!value) continue;
      const reason = /** @type {HTMLInputElement} */ (j.row.querySelector('input[type=text]')).value;
      if (j.key === 'overall') overall = { judgement: value, reason };
      else judgements[j.key] = { judgement: value, reason };
    }
    const body = { ...(Object.keys(answers).length ? { answers } : {}), ...(Object.keys(judgements).length ? { judgements } : {}), ...(overall ? { overall } : {}) };
    return Object.keys(body).length ? body : null;
  }

  /** PUT .../consensus; a refusal is shown under the fields it names. @returns {Promise<boolean>} */
  async function save() {
    clearFormProblem(form);
    const body = decisions();
    if (!body) {
      if (comparison.consensus) return true;
      replace(status, h('p', { class: 'notice problem', role: 'alert' }, answerRows.length
        ? 'Choose an answer for at least one question the assessors differ on, or set a judgement with its reason.'
        : 'The assessors agree: set at least one judgement (the one they gave is fine) with a reason, such as "Both assessors agreed".'));
      return false;
    }
    try {
      const r = await request('PUT', `${base}/studies/${studyId}/consensus`, { json: body, headers: etag ? { 'If-Match': etag } : {} });
      etag = r.headers.get('ETag') || etag;
      replace(status);
      return true;
    } catch (error) {
      showProblem(error, 'Recording the consensus');
      return false;
    }
  }

  /** 400s go under their fields; anything else (403, 409, 412) in a panel saying what to do. @param {unknown} error @param {string} what */
  function showProblem(error, what) {
    const problem = asProblem(error);
    if (problem.status === 400 && Object.keys(problem.errors).length) { replace(status); showFormProblem(form, error, { nameFields: true }); return; }
    replace(status, problemPanel(error, { what: problem.status === 412 ? `${what} (someone changed the assessment since you opened it)` : what,
      retry: problem.status === 412 || problem.status === 409 ? () => c.reload() : undefined }));
  }

  async function saveOnly() {
    if (await save()) { announce('Consensus saved.'); await c.reload('Consensus saved. Finalise when every difference is decided.'); }
  }

  async function finalise() {
    if (!(await save())) return;
    try {
      await request('POST', `${base}/studies/${studyId}/finalize`, { json: {}, headers: etag ? { 'If-Match': etag } : {} });
      announce('Risk-of-bias assessment finalised.');
      await c.reload('Consensus recorded and the assessment finalised.');
    } catch (error) {
      showProblem(error, 'Finalising');
    }
  }

  replace(form,
    answerRows.length ? h('table', { class: 'data decisions' },
      h('caption', null, `${plural(answerDifferences.length, 'question')} answered differently`),
      h('thead', null, h('tr', null, ['Question', 'Consensus answer', 'Reason'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, answerRows.map((d) => d.row))) : h('p', { class: 'hint' }, 'The assessors answered every question alike.'),
    h('table', { class: 'data judgements' },
      h('caption', null, 'Consensus judgements: keep what the answers give or set your own (a reason is required)'),
      h('thead', null, h('tr', null, ['Domain', 'Consensus judgement', 'Reason'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, judgementRows.map((j) => j.row))),
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: saveOnly }, 'Save consensus'),
      h('button', { type: 'button', class: 'primary', onclick: finalise }, 'Record consensus and finalise')),
    status);
  replace(section, h('h2', { id: 'consensus-title' }, 'Consensus'), flash, sideBySide, form, reopened);
  return section;
}

/** Reopening a final assessment, with the reason the API keeps. @param {ConsensusContext} c @param {() => string | null} etag */
function reopenForm(c, etag) {
  const id = 'reopen-reason';
  const status = h('div', { 'aria-live': 'polite' });
  const reason = h('textarea', { id, name: id, rows: 2, required: true, 'aria-describedby': `${id}-hint ${id}-error`, dataset: { field: 'reason' } });
  const form = h('form', { class: 'reopen', novalidate: true, 'aria-labelledby': 'reopen-title' },
    h('h3', { id: 'reopen-title' }, 'Reopen the assessment'),
    h('p', { id: `${id}-hint`, class: 'hint' }, 'Reopening takes the study out of the plots and the synthesis until the consensus is finalised again.'),
    h('div', { class: 'field' }, h('label', { for: id }, 'Why reopen', h('span', { class: 'req', 'aria-hidden': 'true' }, ' *')), reason,
      h('p', { id: `${id}-error`, class: 'field-error', hidden: true })),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Reopen assessment')),
    status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFormProblem(form);
    const tag = etag();
    try {
      await request('POST', `${c.base}/studies/${c.studyId}/reopen`, { json: { reason: /** @type {HTMLTextAreaElement} */ (reason).value }, headers: tag ? { 'If-Match': tag } : {} });
      announce('Assessment reopened.');
      await c.reload('Reopened: the consensus can be changed and finalised again.');
    } catch (error) {
      const problem = asProblem(error);
      if (problem.status === 400 && Object.keys(problem.errors).length) showFormProblem(form, error, { nameFields: true });
      else replace(status, problemPanel(error, { what: 'Reopening', retry: problem.status === 412 || problem.status === 409 ? () => c.reload() : undefined }));
    }
  });
  return form;
}

/** @param {number} n @param {string} noun */
const plural = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;
