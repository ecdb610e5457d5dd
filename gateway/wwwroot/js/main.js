// @ts-check
/**
 * The shell: hash routes (so deep links work on any static host, with no server fallback),
 * the top bar, the project's section navigation, focus management on every navigation.
 */
import { api, currentUser, onSignOut, signOut } from './api.js';
import { h, replace, problemPanel, loading, announce } from './dom.js';
import { signInView } from './views/signin.js';
import { projectListView, createProjectView } from './views/projects.js';
import { protocolView } from './views/protocol.js';
import { teamView } from './views/team.js';
import { screeningView } from './views/screening.js';
import { conflictsView } from './views/conflicts.js';
import { importsView } from './views/imports.js';
import { extractionView } from './views/extraction.js';
import { riskOfBiasView } from './views/riskofbias.js';
import { synthesisView } from './views/synthesis.js';
import { statisticsView } from './views/statistics.js';
import { operationsView } from './views/operations.js';

/**
 * @typedef {{ id: string, title: string, members: {username: string, role: string}[], protocolVersion: number, protocol: any, createdBy: string, etag: string | null }} Project
 * @typedef {{ main: HTMLElement, params: Record<string, string>, query: URLSearchParams, project: Project | null, role: string | null, user: string, navigate: (hash: string) => void, refreshProject: () => Promise<void>, onLeave: (fn: () => void) => void }} ViewContext
 */

/** Sections inside a project: path, label, who sees the link (the API decides what each may do). */
const sections = [
  { path: '', label: 'Protocol', view: protocolView },
  { path: 'team', label: 'Team', view: teamView },
  { path: 'imports', label: 'Imports', view: importsView },
  { path: 'screening', label: 'Screening', view: screeningView },
  { path: 'conflicts', label: 'Conflicts', view: conflictsView, roles: ['lead', 'methodologist'] },
  { path: 'extraction', label: 'Extraction', view: extractionView },
  { path: 'risk-of-bias', label: 'Risk of bias', view: riskOfBiasView },
  { path: 'synthesis', label: 'Synthesis', view: synthesisView },
  { path: 'agreement', label: 'Agreement', view: statisticsView },
];

const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const userNav = /** @type {HTMLElement} */ (document.getElementById('user-nav'));
const projectNav = /** @type {HTMLElement} */ (document.getElementById('project-nav'));

/** @type {(() => void)[]} */
let leaveHandlers = [];
/** @type {Project | null} */
let projectCache = null;
let renderCount = 0;

export function navigate(/** @type {string} */ hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

async function render() {
  const renderId = ++renderCount;
  leaveHandlers.forEach((fn) => fn());
  leaveHandlers = [];
  const [path, queryString] = (location.hash.replace(/^#/, '') || '/projects').split('?');
  const query = new URLSearchParams(queryString || '');
  const user = currentUser();
  renderUserNav(user);

  if (!user || path === '/signin') {
    replace(projectNav);
    projectNav.hidden = true;
    document.title = 'Sign in — EvSysReview';
    const returnTo = path === '/signin' ? (query.get('returnTo') || '') : location.hash;
    await signInView({ main, returnTo, navigate, reason: query.get('reason') });
    focusTitle();
    return;
  }

  /** @type {ViewContext} */
  const ctx = {
    main, params: {}, query, project: null, role: null, user, navigate,
    refreshProject: async () => { projectCache = null; },
    onLeave: (fn) => leaveHandlers.push(fn),
  };

  try {
    if (path === '/projects' || path === '/' || path === '') {
      setProjectNav(null, '');
      document.title = 'Projects — EvSysReview';
      await projectListView(ctx);
    } else if (path === '/operations') {
      setProjectNav(null, '');
      document.title = 'Operations — EvSysReview';
      await operationsView(ctx);
    } else if (path === '/projects/new') {
      setProjectNav(null, '');
      document.title = 'New project — EvSysReview';
      await createProjectView(ctx);
    } else {
      const match = /^\/p\/([0-9a-f-]{36})(?:\/([a-z-]+))?$/i.exec(path);
      const section = match && sections.find((s) => s.path === (match[2] || ''));
      if (!match || !section) {
        setProjectNav(null, '');
        replace(main, h('h1', { tabindex: '-1', class: 'screen-title' }, 'Page not found'),
          h('p', null, 'There is no such page. '), h('p', null, h('a', { href: '#/projects' }, 'Go to your projects')));
      } else {
        ctx.params.projectId = match[1];
        if (!projectCache || projectCache.id !== match[1]) {
          replace(main, loading('the project'));
          projectCache = await fetchProject(match[1]);
        }
        if (renderId !== renderCount) return;
        ctx.project = projectCache;
        ctx.role = projectCache?.members.find((m) => m.username === user)?.role ?? null;
        ctx.refreshProject = async () => {
          projectCache = await fetchProject(match[1]);
          ctx.project = projectCache;
          ctx.role = projectCache?.members.find((m) => m.username === user)?.role ?? null;
        };
        setProjectNav(ctx, section.path);
        document.title = `${section.label} — ${projectCache?.title} — EvSysReview`;
        await section.view(ctx);
      }
    }
  } catch (error) {
    if (renderId !== renderCount) return;
    if (!currentUser()) { navigate(`#/signin?reason=expired&returnTo=${encodeURIComponent(location.hash)}`); return; }
    replace(main, h('h1', { tabindex: '-1', class: 'screen-title' }, 'This page could not be shown'),
      problemPanel(error, { what: 'Loading', retry: () => render() }),
      h('p', null, h('a', { href: '#/projects' }, 'Back to your projects')));
  }
  if (renderId === renderCount) focusTitle();
}

/**
 * The project with the ETag it was read at: an amendment sends it back as If-Match, so a lead
 * whose page is older than another lead's amendment gets a 412 instead of overwriting it.
 * @param {string} id @returns {Promise<Project>}
 */
async function fetchProject(id) {
  const { data, headers } = await api.get(`/api/reviews/projects/${id}`);
  return { ...data, etag: headers.get('ETag') };
}

/** Moves focus to the new screen's heading so keyboard and screen-reader users start there. */
function focusTitle() {
  const title = /** @type {HTMLElement | null} */ (main.querySelector('.screen-title'));
  if (title && !main.contains(document.activeElement === document.body ? null : document.activeElement)) title.focus();
  else if (title && document.activeElement === document.body) title.focus();
}

/** @param {string | null} user */
function renderUserNav(user) {
  if (!user) { replace(userNav); return; }
  replace(userNav,
    h('a', { href: '#/projects' }, 'Projects'),
    h('span', { class: 'who', 'aria-label': `Signed in as ${user}` }, user),
    h('button', { type: 'button', class: 'link-button', onclick: () => { signOut(); } }, 'Sign out'));
}

/** @param {ViewContext | null} ctx @param {string} current */
function setProjectNav(ctx, current) {
  if (!ctx || !ctx.project) { replace(projectNav); projectNav.hidden = true; return; }
  const project = ctx.project;
  const visible = sections.filter((s) => !s.roles || (ctx.role && s.roles.includes(ctx.role)));
  replace(projectNav,
    h('div', { class: 'project-heading' },
      h('span', { class: 'project-title' }, project.title),
      h('span', { class: 'badge role', title: 'Your role in this project' }, ctx.role || 'not a member')),
    h('ul', null, visible.map((s) => h('li', null,
      h('a', { href: `#/p/${project.id}${s.path ? `/${s.path}` : ''}`, 'aria-current': s.path === current ? 'page' : null }, s.label)))));
  projectNav.hidden = false;
}

onSignOut(() => {
  projectCache = null;
  announce('You are signed out.');
  navigate('#/signin');
});

// The skip link must not change the route: it only moves focus.
document.getElementById('skip-link')?.addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});

window.addEventListener('hashchange', () => render());
window.addEventListener('unhandledrejection', (e) => {
  console.error(e.reason);
  announce('Something went wrong; the page is still usable.');
});
render();
