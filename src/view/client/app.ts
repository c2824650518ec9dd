import { ApiError } from './api.ts';
import { cellsPage } from './cells-page.ts';
import { comparePage } from './compare-page.ts';
import { h, replaceChildren } from './dom.ts';
import { parseRoute, routes, type Route } from './routes.ts';
import { runsPage } from './runs-page.ts';
import { afterTrialRender, trialPage } from './trial-page.ts';
import { trialsPage } from './trials-page.ts';
import { errorBox, loading } from './widgets.ts';

// The viewer's single page: a hash router over the pages. `body[data-ready]` turns "true" once a page is on screen,
// which the browser tests and the benchmark wait for.

const root = document.getElementById('app') as HTMLElement;
let navigation = 0;

function render(route: Route): Promise<HTMLElement> {
  switch (route.page) {
    case 'runs':
      return runsPage();
    case 'cells':
      return cellsPage(route);
    case 'trials':
      return trialsPage(route);
    case 'trial':
      return trialPage(route);
    case 'compare':
      return comparePage(route);
    case 'not-found':
      return Promise.resolve(h('section', null, h('h1', null, 'Not found'), h('p', null, h('a', { href: routes.runs() }, 'Back to the runs'))));
  }
}

async function navigate(): Promise<void> {
  const current = ++navigation;
  const route = parseRoute(location.hash);
  document.body.dataset.ready = 'false';
  document.body.dataset.page = route.page;
  const timer = setTimeout(() => {
    if (current === navigation) replaceChildren(root, loading());
  }, 150);
  let content: HTMLElement;
  try {
    content = await render(route);
  } catch (error) {
    const message = error instanceof ApiError ? `${error.message} (HTTP ${error.status})` : error instanceof Error ? error.message : String(error);
    content = h('section', null, h('h1', null, 'Could not load this page'), errorBox(message), h('p', null, h('a', { href: routes.runs() }, 'Back to the runs')));
  }
  clearTimeout(timer);
  if (current !== navigation) return;
  replaceChildren(root, content);
  if (route.page === 'trial') afterTrialRender(route.query);
  else window.scrollTo(0, 0);
  document.title = `${document.querySelector('h1')?.textContent ?? 'peerwatch'} · peerwatch viewer`;
  document.body.dataset.ready = 'true';
  // Time to interactive for the benchmark: the moment a page's content is on screen and its handlers are bound.
  performance.mark('peerwatch-ready');
}

window.addEventListener('hashchange', () => void navigate());
void navigate();
