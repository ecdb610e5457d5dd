// @ts-check
import { h } from '../dom.js';

/**
 * People's words for the risk-of-bias codes the API uses ("some_concerns" → "Some concerns").
 * The API values stay codes; only what a person reads changes. The tool definition's own scale
 * labels win (GET .../tools/{tool}); these are for screens drawn before it arrives.
 */
const levelWords = /** @type {Record<string, string>} */ ({
  low: 'Low risk', some_concerns: 'Some concerns', high: 'High risk', unclear: 'Unclear risk',
  moderate: 'Moderate', serious: 'Serious', critical: 'Critical', no_information: 'No information',
});

/** The tools' names as their authors write them. */
const toolNames = /** @type {Record<string, string>} */ ({ syrcle: 'SYRCLE', rob2: 'RoB 2', 'robins-i': 'ROBINS-I' });

/** @param {string | null | undefined} tool */
export const toolName = (tool) => (tool ? toolNames[tool] || tool : '—');

/** Answer options per tool (the tools' own wording); the API decides what each answer means. */
export const answerOptions = /** @type {Record<string, {value: string, label: string}[]>} */ ({
  syrcle: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }, { value: 'unclear', label: 'Unclear' }],
  rob2: [{ value: 'Y', label: 'Yes' }, { value: 'PY', label: 'Probably yes' }, { value: 'PN', label: 'Probably no' }, { value: 'N', label: 'No' }, { value: 'NI', label: 'No information' }],
  'robins-i': [{ value: 'Y', label: 'Yes' }, { value: 'PY', label: 'Probably yes' }, { value: 'PN', label: 'Probably no' }, { value: 'N', label: 'No' }, { value: 'NI', label: 'No information' }],
});

/**
 * The words for judgement codes of one tool, and a badge (colour and words; the code in data-judgement).
 * @param {{code: string, label: string}[] | null | undefined} scale the tool definition's scale
 */
export function judgementWords(scale) {
  const words = new Map((scale || []).map((l) => [l.code, l.label]));
  /** @param {string | null | undefined} code */
  const label = (code) => (code ? words.get(code) || levelWords[code] || code : 'not yet');
  /** @param {string | null | undefined} code */
  const badge = (code) => {
    if (!code) return h('span', { class: 'judgement tl-unclear' }, 'not yet');
    const k = String(code).toLowerCase();
    const cls = k.includes('low') ? 'tl-low' : k.includes('high') || k.includes('serious') || k.includes('critical') ? 'tl-high' : k.includes('some') || k.includes('moderate') ? 'tl-some' : 'tl-unclear';
    return h('span', { class: `judgement ${cls}`, dataset: { judgement: code } }, label(code));
  };
  /** The levels a person can choose, in the tool's order. */
  const levels = () => (scale && scale.length ? scale.map((l) => ({ value: l.code, label: l.label })) : Object.entries(levelWords).map(([value, l]) => ({ value, label: l })));
  return { label, badge, levels };
}

/** An answer code in the tool's words ("PN" → "Probably no", "no" → "No"). @param {string} tool @param {string | null | undefined} code */
export function answerWords(tool, code) {
  if (code == null || code === '') return '—';
  if (code === 'NA') return 'Not applicable';
  return (answerOptions[tool] || answerOptions.rob2).find((o) => o.value === code)?.label || code;
}

/**
 * A question's "answer if" condition in words: the API gives the guidance's notation
 * ("2.1 or 2.2 Y/PY/NI"), a person reads "2.1 or 2.2 is Yes, Probably yes or No information".
 * @param {string} tool @param {string} condition
 */
export function conditionWords(tool, condition) {
  return condition.split('; ').map((part) => {
    const m = /^(.*\S)\s+([A-Za-z]+(?:\/[A-Za-z]+)*)$/.exec(part);
    if (!m) return part;
    const words = m[2].split('/').map((code) => answerWords(tool, code));
    const list = words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}` : words[0];
    return `${m[1]} ${/ and /.test(m[1]) ? 'are' : 'is'} ${list}`;
  }).join('; and ');
}

/**
 * Why an override does not count yet (the API's overrideHeld): a domain's waits for its unanswered
 * questions, the overall's for every domain's judgement. @param {string[] | null} [unanswered] null for overall
 */
export function heldWords(unanswered) {
  if (!unanswered) return 'held until every domain has its judgement';
  return unanswered.length === 1 ? `held until question ${unanswered[0]} is answered` : `held until questions ${unanswered.join(', ')} are answered`;
}
