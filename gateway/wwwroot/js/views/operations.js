// @ts-check
import { api } from '../api.js';
import { h, replace, problemPanel, heading, loading, announce } from '../dom.js';
import { dateTime } from '../dates.js';

/** @typedef {import('../main.js').ViewContext} ViewContext */
/** @typedef {{ queue: string, sourceQueue: string, messages: number }} ErrorQueue */
/** @typedef {{ service: string, type: string, since: string, returns: number, waiting: number, reason: string }} HeldBackEvent */
/**
 * @typedef {{ messageId: string | null, messageType: string | null, consumerType: string | null, failedAt: string | null,
 *   exceptionType: string | null, exceptionMessage: string | null, bodyBytes: number, body: string, bodyTruncated: boolean }} FailedMessage
 */

const base = '/api/operations/error-queues';
const heldBackPath = '/api/operations/held-back-events';

/** @param {number} n @param {string} one @param {string} many */
function count(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

/** "urn:message:EvSysReview.Contracts.Reviews:ProjectCreated" → "ProjectCreated". @param {string | null} urn */
function shortType(urn) {
  if (!urn) return 'unknown type';
  return urn.split(':').pop() || urn;
}

/** The class name without its namespace (and without a generic's arity). @param {string | null} name */
function shortName(name) {
  if (!name) return 'unknown';
  return (name.split('.').pop() || name).replace(/`\d+.*$/, '');
}

/**
 * The deployment's error queues (operators only, gateway deployments with RabbitMQ): how many
 * messages wait in each, what failed and why, replay a queue once the fault is fixed, or discard a
 * message no fix will save. Above them, the event types a service holds back in its outbox because
 * no queue is bound for them (a consumer not deployed): nothing fails there, the events just wait,
 * and the one warning in that service's log is long gone. The API refuses everyone else; the page
 * shows that refusal.
 * @param {ViewContext} ctx
 */
export async function operationsView(ctx) {
  const status = h('div', { class: 'operations-status', 'aria-live': 'polite' });
  const heldBack = h('section', { class: 'held-back', 'aria-label': 'Event types held back' });
  const list = h('div', null, loading('the error queues'));
  const detail = h('section', { class: 'operations-messages', 'aria-label': 'Messages of the chosen queue' });
  replace(ctx.main,
    heading('Operations'),
    heldBack,
    h('h2', null, 'Error queues'),
    h('p', { class: 'hint' },
      'A message lands in an error queue when its consumer failed every retry. Look at why, fix the cause, then replay the queue: ',
      'each message is applied once. Discard only a message that no fix will make apply; the gateway logs who discarded what.'),
    status, list, detail);

  async function loadHeldBack() {
    /** @type {{ events: HeldBackEvent[], unanswered: string[] }} */
    let answer;
    try {
      answer = (await api.get(heldBackPath)).data;
    } catch (error) {
      // A refusal or a server without the endpoint is already shown once, by the error queues' panel.
      const problem = /** @type {any} */ (error);
      replace(heldBack, problem && (problem.status === 403 || problem.missingEndpoint) ? null
        : problemPanel(error, { what: 'Event types held back', retry: loadHeldBack }));
      return;
    }
    const { events, unanswered } = answer;
    replace(heldBack,
      h('h2', null, 'Event types held back'),
      events.length
        ? h('ul', { class: 'held-back-events' }, events.map((e) => h('li', { class: 'notice problem', dataset: { service: e.service, type: e.type } },
          `${e.service}: ${e.type} held back since ${dateTime(e.since)}, ${count(e.waiting, 'event waits', 'events wait')}, `
            + `returned ${count(e.returns, 'time', 'times')}: ${e.reason}`)))
        : h('p', { class: 'notice ok', role: 'status' }, 'No event type is held back: every event a service consumes found its queue.'),
      unanswered.length
        ? h('p', { class: 'hint', dataset: { unanswered: unanswered.join(' ') } },
          `Not known for ${unanswered.join(', ')}: ${unanswered.length === 1 ? 'its' : 'their'} readiness gave no details (unreachable, or this operator is not in ${unanswered.length === 1 ? 'its' : 'their'} Operations:Operators).`)
        : null);
  }

  async function load() {
    /** @type {ErrorQueue[]} */
    let queues;
    try {
      queues = (await api.get(base)).data.queues;
    } catch (error) {
      replace(list, problemPanel(error, { what: 'Error queues', retry: load }));
      return;
    }
    const total = queues.reduce((sum, q) => sum + q.messages, 0);
    replace(list,
      h('p', { class: total ? 'notice problem' : 'notice ok', role: 'status', dataset: { total: String(total) } },
        total ? `${total} message${total === 1 ? '' : 's'} wait${total === 1 ? 's' : ''} in ${queues.filter((q) => q.messages).length} error queue(s).`
          : 'No message is waiting: every event was applied.'),
      queues.length ? h('table', { class: 'data error-queues' },
        h('caption', { class: 'visually-hidden' }, 'Error queues and how many messages wait in each'),
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, 'Error queue'), h('th', { scope: 'col' }, 'Failed on'), h('th', { scope: 'col', class: 'num' }, 'Messages'),
          h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
        h('tbody', null, queues.map((q) => h('tr', { dataset: { queue: q.queue } },
          h('th', { scope: 'row' }, q.queue),
          h('td', null, q.sourceQueue),
          h('td', { class: 'num' }, String(q.messages)),
          h('td', null,
            h('button', { type: 'button', disabled: !q.messages, 'aria-label': `Show messages of ${q.queue}`, onclick: () => show(q) }, 'Show messages'),
            ' ',
            h('button', { type: 'button', disabled: !q.messages, 'aria-label': `Replay ${q.queue}`, onclick: () => replay(q) }, 'Replay')))))) : null);
  }

  /** @param {ErrorQueue} queue */
  async function show(queue) {
    replace(detail, loading(`the messages of ${queue.queue}`));
    /** @type {FailedMessage[]} */
    let messages;
    try {
      messages = (await api.get(`${base}/${encodeURIComponent(queue.queue)}/messages?limit=50`)).data.messages;
    } catch (error) {
      replace(detail, problemPanel(error, { what: `Messages of ${queue.queue}`, retry: () => show(queue) }));
      return;
    }
    replace(detail,
      heading(`Messages in ${queue.queue}`, 'h2'),
      queue.messages > messages.length ? h('p', { class: 'hint' }, `The first ${messages.length} of ${queue.messages}; show again for the next ones.`) : null,
      h('ol', { class: 'failed-messages' }, messages.map((m) => h('li', { class: 'failed-message', dataset: { messageId: m.messageId || '' } },
        h('h3', null, shortType(m.messageType)),
        h('dl', null,
          h('dt', null, 'Failed in'), h('dd', null, shortName(m.consumerType)),
          h('dt', null, 'When'), h('dd', null, m.failedAt ? dateTime(m.failedAt) : 'unknown'),
          h('dt', null, 'Why'), h('dd', { class: 'exception' }, `${shortName(m.exceptionType)}: ${m.exceptionMessage || 'no message'}`),
          h('dt', null, 'Message id'), h('dd', null, h('code', null, m.messageId || 'none'))),
        h('details', null, h('summary', null, `Body (${m.bodyBytes} bytes${m.bodyTruncated ? ', first 4 KB shown' : ''})`), h('pre', null, m.body)),
        m.messageId ? h('button', { type: 'button', class: 'danger', 'aria-label': `Discard ${shortType(m.messageType)} ${m.messageId}`, onclick: () => discard(queue, m) }, 'Discard') : null))));
  }

  /** @param {ErrorQueue} queue */
  async function replay(queue) {
    replace(status);
    try {
      const result = (await api.post(`${base}/${encodeURIComponent(queue.queue)}/replay`, null)).data;
      const sent = `${result.replayed} message${result.replayed === 1 ? '' : 's'} sent back to ${result.sourceQueue}.`;
      // Messages older than the inbox retention stay behind, with the reason and what to do.
      const kept = result.tooOld && result.tooOld.count > 0
        ? ` ${result.tooOld.count} left in ${result.queue}: ${result.tooOld.reason}`
        : '';
      const done = sent + kept;
      announce(done);
      replace(status, h('p', { class: 'notice ok', role: 'status' }, done));
      replace(detail);
    } catch (error) {
      replace(status, problemPanel(error, { what: `Replaying ${queue.queue}` }));
    }
    await load();
  }

  /** @param {ErrorQueue} queue @param {FailedMessage} message */
  async function discard(queue, message) {
    if (!confirm(`Discard this ${shortType(message.messageType)} for good? It will never be applied. Replay instead if a fix can make it apply.`)) return;
    replace(status);
    try {
      await api.del(`${base}/${encodeURIComponent(queue.queue)}/messages/${encodeURIComponent(message.messageId || '')}`);
      const done = `Message ${message.messageId} discarded from ${queue.queue}.`;
      announce(done);
      replace(status, h('p', { class: 'notice ok', role: 'status' }, done));
    } catch (error) {
      replace(status, problemPanel(error, { what: 'Discarding the message' }));
    }
    await load();
    const refreshed = /** @type {HTMLElement | null} */ (list.querySelector(`tr[data-queue="${CSS.escape(queue.queue)}"] td.num`));
    const left = refreshed ? Number(refreshed.textContent) : 0;
    if (left > 0) await show({ ...queue, messages: left });
    else replace(detail);
  }

  await Promise.all([loadHeldBack(), load()]);
}
