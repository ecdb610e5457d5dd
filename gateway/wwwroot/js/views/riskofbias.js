// @ts-check
import { api, request, idFromAddress } from '../api.js';
import { h, replace, problemPanel, heading, loading, announce, asProblem, svgFigure } from '../dom.js';
import { consensusSection } from './riskofbias-consensus.js';
import { answerOptions, answerWords, conditionWords, heldWords, judgementWords, toolName } from './riskofbias-words.js';

/** @typedef {import('../main.js').ViewContext} ViewContext */

/** Risk of bias: tasks, the form for the study's tool with the algorithm's proposal live, plots. @param {ViewContext} ctx */
export async function riskOfBiasView(ctx) {
  const project = /** @type {NonNullable<ViewContext['project']>} */ (ctx.project);
  const base = `/api/risk-of-bias/projects/${project.id}`;
  const studyId = idFromAddress(ctx.query.get('study'));
  if (studyId) { await studyScreen(ctx, base, studyId); return; }
  const list = h('div', null, loading('risk-of-bias tasks'));
  const plots = h('div', null, h('p', { class: 'hint' }, 'The traffic-light and summary plots appear once studies are assessed.'));
  replace(ctx.main, heading('Risk of bias'),
    h('p', { class: 'lede' }, 'Each included study is assessed with its design\'s tool (SYRCLE for animal studies, RoB 2 for randomised trials, ROBINS-I otherwise) by two assessors, then by consensus.'),
    list,
    h('section', { 'aria-labelledby': 'plots-title' }, h('h2', { id: 'plots-title' }, 'Plots'), plots));
  // The plots are drawn once some study has a tool; before that the API has nothing to draw. A
  // plot shows one tool's domains, so a project using several tools gets a pair per tool.
  /** @param {string[]} tools */
  const showPlots = (tools) => replace(plots, tools.length === 1
    ? h('div', { class: 'grid two' },
      svgFigure(`${base}/plots/traffic-light.svg`, 'Traffic-light plot: judgement per study and domain', 'risk-of-bias-traffic-light.svg', api.blob),
      svgFigure(`${base}/plots/summary.svg`, 'Summary plot: share of studies per judgement and domain', 'risk-of-bias-summary.svg', api.blob))
    : tools.map((tool) => h('div', null, h('h3', null, toolName(tool)), h('div', { class: 'grid two' },
      svgFigure(`${base}/plots/traffic-light.svg?tool=${encodeURIComponent(tool)}`, `Traffic-light plot (${toolName(tool)}): judgement per study and domain`, `risk-of-bias-traffic-light-${tool}.svg`, api.blob),
      svgFigure(`${base}/plots/summary.svg?tool=${encodeURIComponent(tool)}`, `Summary plot (${toolName(tool)}): share of studies per judgement and domain`, `risk-of-bias-summary-${tool}.svg`, api.blob)))));
  try {
    const { data } = await api.get(`${base}/tasks`);
    const tasks = Array.isArray(data) ? data : (data?.tasks || []);
    const tools = [...new Set(tasks.map((/** @type {any} */ t) => t.tool).filter(Boolean))].sort();
    if (tools.length) showPlots(tools);
    replace(list, tasks.length === 0 ? h('p', { class: 'notice', role: 'status' }, 'No studies to assess yet: a study appears here once screening includes it.') :
      h('div', { class: 'table-scroll' }, h('table', { class: 'data' },
        h('caption', { class: 'visually-hidden' }, 'Risk-of-bias tasks'),
        h('thead', null, h('tr', null, ['Study', 'Design', 'Tool', 'State', 'Assessors', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, tasks.map((/** @type {any} */ t) => h('tr', null,
          h('th', { scope: 'row' }, t.study || t.studyId), h('td', null, t.studyDesign || '—'), h('td', null, t.tool ? toolName(t.tool) : t.toolProblem || '—'), h('td', null, stateWords(t.state)),
          h('td', null, (t.assessors || []).map((/** @type {any} */ a) => `${a.username}${a.submitted ? ' ✓' : ''}`).join(', ') || '—'),
          h('td', null, h('a', { href: `#/p/${project.id}/risk-of-bias?study=${t.studyId}` }, t.assignedToYou || t.needsAssessor ? 'Assess' : 'Open'))))))));
  } catch (error) {
    replace(list, problemPanel(error, { what: 'Risk-of-bias tasks', retry: () => riskOfBiasView(ctx) }));
  }
}

/** @param {ViewContext} ctx @param {string} base @param {string} studyId */
async function studyScreen(ctx, base, studyId) {
  const project = /** @type {NonNullable<ViewContext['project']>} */ (ctx.project);
  const area = h('div', null, loading('the assessment'));
  replace(ctx.main, h('p', null, h('a', { href: `#/p/${project.id}/risk-of-bias` }, '← All risk-of-bias tasks')), heading('Risk-of-bias assessment'), area);
  /** @type {any} */
  let study;
  try {
    study = (await api.get(`${base}/studies/${studyId}`)).data;
  } catch (error) {
    replace(area, problemPanel(error, { what: 'The study' }));
    return;
  }
  const tool = study.tool;
  if (!tool) { replace(area, h('p', { class: 'notice problem' }, study.toolProblem || 'No tool is set for this study design in the protocol.')); return; }
  /** @type {any} */
  let definition = null;
  try { definition = (await api.get(`${base}/tools/${tool}`)).data; } catch { definition = null; }
  const words = judgementWords(definition?.scale);
  const judgement = words.badge;
  // Once both assessors have submitted, methodologists and leads see the two side by side and decide.
  if (study.sheets && (ctx.role === 'lead' || ctx.role === 'methodologist')) {
    /** Draws the screen again from the API (after a save, finalising or reopening), with what just happened. @param {string} [message] */
    const reload = async (message) => {
      /** @type {any} */
      let fresh;
      try {
        fresh = (await api.get(`${base}/studies/${studyId}`)).data;
      } catch (error) {
        replace(area, problemPanel(error, { what: 'The study', retry: () => reload(message) }));
        return;
      }
      replace(area, h('p', { class: 'lede' }, `${fresh.study} · ${fresh.studyDesign} · ${toolName(tool)} · ${stateWords(fresh.state)}`),
        await consensusSection({ base, studyId, study: fresh, definition, words, reload, message }));
    };
    replace(area, h('p', { class: 'lede' }, `${study.study} · ${study.studyDesign} · ${toolName(tool)} · ${stateWords(study.state)}`),
      await consensusSection({ base, studyId, study, definition, words, reload }));
    return;
  }
  /** @type {any} */
  let own = study.own;
  /** @type {string | null} */
  let etag = null;
  try {
    const r = await api.get(`${base}/studies/${studyId}/assessments/me`);
    own = r.data || own;
    etag = r.headers.get('ETag');
  } catch (error) {
    if (asProblem(error).status !== 404) { replace(area, problemPanel(error, { what: 'Your assessment' })); return; }
  }
  const sheet = own?.sheet || { tool, answers: {} };
  /** @type {Record<string, {answer: string, quote?: string}>} */
  const answers = { ...(sheet.answers || {}) };
  /** Judgements stated directly, for domains without questions (ROBINS-I). @type {Record<string, {judgement: string, support?: string}>} */
  const statedJudgements = { ...(sheet.statedJudgements || {}) };
  /** The assessor's departures from the proposal, each with its reason: per domain, and overall. @type {Record<string, {judgement: string, reason: string}>} */
  const overrides = { ...(sheet.overrides || {}) };
  /** @type {{judgement: string, reason: string} | null} */
  let overall = sheet.overall || null;
  /** A submitted sheet cannot change (the API refuses), so the form shows it without controls. */
  let readOnly = !!own?.submitted;
  /** The latest evaluation, which the override lines read their proposal from. @type {any} */
  let evaluation = own?.evaluation;
  /** Redraws each override's "proposed / your judgement" line after a save. @type {(() => void)[]} */
  const overrideLines = [];
  const proposal = h('section', { class: 'card proposal', 'aria-labelledby': 'proposal-title', 'aria-live': 'polite' });
  const status = h('div', { 'aria-live': 'polite' });

  /**
   * The assessor's own judgement of a domain (or overall) and its reason; while the API holds it
   * (questions of the domain, or domains, still open) it says so instead of reading as settled.
   * @param {string} key a domain id or 'overall' @param {{judgement: string, reason: string}} chosen
   */
  const yourJudgement = (key, chosen) => {
    const domain = key === 'overall' ? null : (evaluation?.domains || []).find((/** @type {any} */ d) => d.domainId === key);
    const held = key === 'overall' ? evaluation?.overallOverrideHeld : domain?.overrideHeld;
    return [judgement(chosen.judgement), held
      ? ` (override ${heldWords(key === 'overall' ? null : domain.unanswered)}; reason: ${chosen.reason})`
      : ` (override: ${chosen.reason})`];
  };
  /** An overridden judgement beside the proposal it departs from. @param {string} key @param {string | null | undefined} proposed @param {{judgement: string, reason: string}} chosen */
  const overriddenWords = (key, proposed, chosen) => [
    h('span', { class: 'proposed' }, 'proposed: ', judgement(proposed)), ' ',
    h('span', { class: 'yours' }, 'your judgement: ', yourJudgement(key, chosen))];

  /** @param {any} latest */
  const renderProposal = (latest) => {
    evaluation = latest;
    overrideLines.forEach((redraw) => redraw());
    replace(proposal,
      h('h2', { id: 'proposal-title' }, tool === 'rob2' ? 'RoB 2 algorithm\'s proposal' : (definition?.domains || []).every((/** @type {any} */ d) => d.statedJudgement) && definition ? 'Your judgements' : 'Judgements from your answers'),
      latest ? h('div', { class: 'table-scroll' }, h('table', { class: 'data' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Domain'), h('th', { scope: 'col' }, 'Proposed'), h('th', { scope: 'col' }, 'To answer'))),
        h('tbody', null, (latest.domains || []).map((/** @type {any} */ d) => h('tr', { dataset: { domain: d.domainId } },
          h('th', { scope: 'row' }, `${d.domainId} ${d.domain}`),
          h('td', null, overrides[d.domainId] ? overriddenWords(d.domainId, d.proposed, overrides[d.domainId]) : judgement(d.final || d.proposed)),
          h('td', null, (d.unanswered || []).join(', ') || '—')))))) : h('p', { class: 'hint' }, 'Answer the questions to see the proposal.'),
      latest && overall ? h('p', { class: 'overall' }, 'Overall: ', overriddenWords('overall', latest.overallProposed, overall))
        : latest && (latest.overall || latest.overallProposed) ? h('p', { class: 'overall' }, 'Overall: ', judgement(latest.overall || latest.overallProposed), latest.overallRule ? h('span', { class: 'hint' }, ` (${overallRuleWords(latest.overallRule, words.label)})`) : null) : null);
  };

  // Questions: from the tool definition when the API offers it, else the ids the evaluation lists.
  const domains = definition?.domains || (own?.evaluation?.domains || []).map((/** @type {any} */ d) => ({
    id: d.domainId, name: d.domain,
    questions: [...new Set([...(d.unanswered || []), ...Object.keys(answers).filter((k) => k.split('.')[0] === d.domainId.replace(/^D/, '') || (own?.evaluation?.domains.length === 1))])].map((q) => ({ id: q })),
  }));
  /** The question's own options (the definition's), labelled in words where the tool's codes are short. @param {any} q */
  const optionsOf = (q) => {
    const known = answerOptions[tool] || answerOptions.rob2;
    if (!Array.isArray(q.options) || q.options.length === 0) return known;
    return q.options.map((/** @type {string} */ v) => known.find((o) => o.value === v) || { value: v, label: v === 'NA' ? 'Not applicable' : v });
  };

  // Saves run one after another: each sends the whole sheet (overrides included, since a PUT
  // replaces the sheet) with the ETag of the save before it, so quick clicks never race each other into a 412.
  /** @type {Promise<unknown>} */
  let saving = Promise.resolve(null);
  /** @returns {Promise<unknown>} the refusal, or null once saved */
  function saveSheet() {
    saving = saving.then(saveNow);
    return saving;
  }
  function saveAnswers() {
    return saveSheet().then((error) => { if (error) replace(status, problemPanel(error, { what: 'Saving your answers' })); });
  }

  async function saveNow() {
    try {
      const result = await request('PUT', `${base}/studies/${studyId}/assessments/me`, { json: { tool, answers, statedJudgements, overrides, overall }, headers: etag ? { 'If-Match': etag } : {} });
      etag = result.headers.get('ETag') || etag;
      const view = result.data;
      renderProposal(view?.evaluation || view);
      replace(status);
      return null;
    } catch (error) {
      return error;
    }
  }

  /**
   * "Override" for a domain (key = its id) or overall: a judgement from the tool's scale and a
   * required reason, sent with the sheet; "Remove override" goes back to the proposal.
   * @param {string} key @param {string} apiField where the API's 400 names it (overrides.D2, overall)
   */
  const overrideControl = (key, apiField) => {
    const what = `the ${key} judgement`;
    const current = () => (key === 'overall' ? overall : overrides[key]) || null;
    /** @param {{judgement: string, reason: string} | null} value */
    const set = (value) => {
      if (key === 'overall') overall = value;
      else if (value) overrides[key] = value;
      else delete overrides[key];
    };
    const proposedNow = () => (key === 'overall' ? evaluation?.overallProposed : (evaluation?.domains || []).find((/** @type {any} */ d) => d.domainId === key)?.proposed);
    const line = h('p', { class: 'judgement-line' });
    const drawLine = () => {
      const chosen = current();
      replace(line, 'Proposed: ', judgement(proposedNow()),
        chosen ? [' · your judgement: ', yourJudgement(key, chosen)] : null);
    };
    overrideLines.push(drawLine);
    const controls = h('div', { class: 'actions' });
    const hidden = (/** @type {string} */ text) => h('span', { class: 'visually-hidden' }, text);

    /** @param {string} [focusOn] the button to focus after drawing, by its data-action */
    const drawButtons = (focusOn) => {
      if (readOnly) { replace(controls); return; }
      replace(controls, current()
        ? [h('button', { type: 'button', dataset: { action: 'change' }, onclick: openEditor }, 'Change', hidden(` the ${key}`), ' override'),
          h('button', { type: 'button', dataset: { action: 'remove' }, onclick: remove }, 'Remove', hidden(` the ${key}`), ' override')]
        : h('button', { type: 'button', dataset: { action: 'override' }, onclick: openEditor }, 'Override', hidden(` ${what}`)));
      if (focusOn) /** @type {HTMLElement | null} */ (controls.querySelector(`[data-action=${focusOn}]`))?.focus();
    };

    function openEditor() {
      const chosen = current();
      const id = `override-${key}`;
      const select = h('select', { id: `${id}-judgement`, name: `${id}-judgement` },
        words.levels().map((l) => h('option', { value: l.value, selected: l.value === (chosen?.judgement || proposedNow()) }, l.label)));
      const reason = h('textarea', { id: `${id}-reason`, name: `${id}-reason`, rows: 2, required: true, 'aria-describedby': `${id}-reason-error`, dataset: { field: apiField } }, chosen?.reason || '');
      const error = h('p', { id: `${id}-reason-error`, class: 'field-error', hidden: true });
      /** @param {string | null} message */
      const showError = (message) => {
        error.textContent = message || '';
        error.hidden = !message;
        if (message) { reason.setAttribute('aria-invalid', 'true'); reason.focus(); } else reason.removeAttribute('aria-invalid');
      };
      const close = (/** @type {string} */ focusOn) => { editor.remove(); drawButtons(focusOn); };
      const editor = h('form', { class: 'override-editor', novalidate: true },
        h('div', { class: 'field' }, h('label', { for: select.id }, `Your judgement for ${key}`), select),
        h('div', { class: 'field' }, h('label', { for: reason.id }, `Reason for overriding ${key}`, h('span', { class: 'req', 'aria-hidden': 'true' }, ' *')), reason, error),
        h('div', { class: 'actions' },
          h('button', { type: 'submit', class: 'primary' }, 'Save', hidden(` the ${key}`), ' override'),
          h('button', { type: 'button', onclick: () => close(chosen ? 'change' : 'override') }, 'Cancel')));
      editor.addEventListener('keydown', (e) => { if (/** @type {KeyboardEvent} */ (e).key === 'Escape') close(chosen ? 'change' : 'override'); });
      editor.addEventListener('submit', async (e) => {
        e.preventDefault();
        const text = /** @type {HTMLTextAreaElement} */ (reason).value.trim();
        // The guidance asks for a justification of every departure; the API would refuse it too.
        if (!text) { showError('Overriding a proposed judgement requires a reason.'); return; }
        showError(null);
        const before = current();
        set({ judgement: /** @type {HTMLSelectElement} */ (select).value, reason: text });
        const refusal = await saveSheet();
        if (!refusal) { drawLine(); close('change'); announce(`${key === 'overall' ? 'Overall' : key} override saved.`); return; }
        set(before);
        const problem = asProblem(refusal);
        if (problem.status === 400 && problem.errors[apiField]) showError(problem.errors[apiField].join(' '));
        else replace(status, problemPanel(refusal, { what: 'Saving your override' }));
      });
      replace(controls);
      controls.after(editor);
      select.focus();
    }

    async function remove() {
      const before = current();
      set(null);
      const refusal = await saveSheet();
      if (refusal) { set(before); replace(status, problemPanel(refusal, { what: 'Removing your override' })); return; }
      drawLine();
      drawButtons('override');
      announce(`${key === 'overall' ? 'Overall' : key} override removed: the proposal stands.`);
    }

    drawLine();
    drawButtons();
    return h('div', { class: 'override', dataset: { override: key } }, line, controls);
  };

  /** A domain without questions (ROBINS-I): the assessor states its judgement, with the support for it. @param {any} d */
  const statedChooser = (d) => {
    const name = `stated-${d.id}`;
    const supportId = `${name}-support`;
    const support = h('input', { id: supportId, type: 'text', value: statedJudgements[d.id]?.support || '', placeholder: 'Where the paper shows it',
      onchange: (/** @type {Event} */ e) => {
        const text = /** @type {HTMLInputElement} */ (e.target).value;
        if (statedJudgements[d.id]) { statedJudgements[d.id] = { ...statedJudgements[d.id], support: text }; saveAnswers(); }
      } });
    return h('fieldset', { class: 'question stated', dataset: { domain: d.id } },
      h('legend', null, `Judgement for ${d.id} ${d.shortName || d.name || ''}`),
      h('div', { class: 'answer-options' }, words.levels().map((o) => h('label', { class: 'check' },
        h('input', { type: 'radio', name, value: o.value, checked: statedJudgements[d.id]?.judgement === o.value, onchange: () => {
          statedJudgements[d.id] = { judgement: o.value, support: support.value || undefined };
          saveAnswers();
        } }), ` ${o.label}`))),
      h('label', { for: supportId }, `Support for the ${d.id} judgement (optional)`), support);
  };

  const stated = (/** @type {any} */ d) => d.statedJudgement || (d.questions || []).length === 0;
  const questions = domains.map((/** @type {any} */ d) => h('fieldset', { class: 'card domain', dataset: { domain: d.id } },
    h('legend', null, `${d.id} ${d.name || d.shortName || ''}`),
    stated(d) ? statedChooser(d) : null,
    (d.questions || []).map((/** @type {any} */ q) => {
      const name = `q-${q.id}`;
      return h('fieldset', { class: 'question', dataset: { question: q.id } },
        h('legend', null, q.text ? `${q.id}. ${q.text}` : `Question ${q.id}`),
        q.appliesWhen ? h('p', { class: 'hint' }, `Answer if ${conditionWords(tool, q.appliesWhen)}.`) : null,
        h('div', { class: 'answer-options' }, optionsOf(q).map((o) => h('label', { class: 'check' },
          h('input', { type: 'radio', name, value: o.value, checked: answers[q.id]?.answer === o.value, onchange: () => { answers[q.id] = { answer: o.value }; saveAnswers(); } }), ` ${o.label}`))));
    }),
    // A stated judgement is the assessor's own already; a proposal from answers can be overridden.
    stated(d) ? null : overrideControl(d.id, `overrides.${d.id}`)));
  const hasOverall = (definition?.overallRule ?? (evaluation?.overallProposed ? 'worst' : 'none')) !== 'none';
  if (hasOverall) {
    questions.push(h('fieldset', { class: 'card domain', dataset: { domain: 'overall' } }, h('legend', null, 'Overall'), overrideControl('overall', 'overall')));
  }
  renderProposal(evaluation);

  /** After submitting, the sheet is read-only: no answers, overrides or submit to change it. */
  const lock = () => {
    readOnly = true;
    area.querySelectorAll('fieldset.domain input, fieldset.domain select, fieldset.domain textarea').forEach((el) => { /** @type {HTMLInputElement} */ (el).disabled = true; });
    area.querySelectorAll('.override-editor, .override .actions > *, .submit-actions').forEach((el) => el.remove());
  };

  replace(area,
    h('p', { class: 'lede' }, `${study.study} · ${study.studyDesign} · ${toolName(tool)} · ${stateWords(study.state)}${study.blinded ? ' · blinded until both assessors submit' : ''}`),
    definition ? null : h('p', { class: 'hint' }, 'Question texts are not offered by this server; questions are shown by their number in the tool.'),
    h('div', { class: 'workspace rob' }, h('div', null, questions,
      readOnly ? h('p', { class: 'notice', role: 'status' }, 'You have submitted this assessment; it can no longer change.')
        : h('div', { class: 'actions submit-actions' }, h('button', { type: 'button', class: 'primary', onclick: async () => {
          try {
            await saving;
            await api.post(`${base}/studies/${studyId}/submit`, {});
            lock();
            replace(status, h('p', { class: 'notice ok', role: 'status' }, 'Submitted.'));
            announce('Assessment submitted.');
          } catch (error) { replace(status, problemPanel(error, { what: 'Submitting' })); }
        } }, 'Submit assessment')), status),
    h('aside', { class: 'side' }, proposal)),
    study.differences?.length ? h('section', { class: 'card', 'aria-labelledby': 'diff-title' }, h('h2', { id: 'diff-title' }, 'Where the assessors differ'),
      h('table', { class: 'data' }, h('thead', null, h('tr', null, ['Item', study.sheets?.[0]?.assessor || 'First', study.sheets?.[1]?.assessor || 'Second', 'Resolved'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, study.differences.map((/** @type {any} */ d) => h('tr', { class: d.resolved ? '' : 'differs' }, h('th', { scope: 'row' }, `${d.domainId} ${d.itemId}`), h('td', null, d.kind === 'answer' ? answerWords(tool, d.first) : words.label(d.first)), h('td', null, d.kind === 'answer' ? answerWords(tool, d.second) : words.label(d.second)), h('td', null, d.resolved ? 'yes' : 'no')))))) : null);

  if (readOnly) lock();
}

/** A task's state as a person says it. @param {string} state */
export function stateWords(state) {
  return ({ awaitingTool: 'no tool yet', open: 'open', bothSubmitted: 'both assessors submitted', consensus: 'consensus in progress', finalised: 'final', withdrawn: 'withdrawn' })[state] || state;
}

/** The API's rule text with the judgement code in words ("…: high (D4)" → "…: High risk (D4)"). @param {string} rule @param {(code: string) => string} label */
function overallRuleWords(rule, label) {
  return rule.replace(/: ([a-z_]+) \(/, (_, code) => `: ${label(code)} (`);
}
