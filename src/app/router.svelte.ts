/**
 * A hash router: routes live after `#`, so the app works from any static host, from a
 * sub-folder (base './') and offline from the service worker's cache without server
 * rewrites.
 */

export type Route =
  | { name: 'home' }
  | { name: 'data' }
  | { name: 'dataset'; id: number }
  | { name: 'import' }
  | { name: 'customers' }
  | { name: 'segments' }
  | { name: 'clusters' }
  | { name: 'predict'; section?: PredictSection }
  | { name: 'learn' }
  | { name: 'privacy' }
  | { name: 'about' }
  | { name: 'notFound'; path: string };

/** The sections of the Predict page ('#/predict/<section>'); the first is its default. */
export const PREDICT_SECTIONS = ['clv', 'churn'] as const;
export type PredictSection = (typeof PREDICT_SECTIONS)[number];

/** The pages that appear in the navigation, in order. */
export const NAV_ROUTES = [
  'home',
  'data',
  'customers',
  'segments',
  'clusters',
  'predict',
  'learn',
  'privacy',
  'about',
] as const;
export type NavRouteName = (typeof NAV_ROUTES)[number];

/** Turns `location.hash` ('#/data/3', '#/', '') into a route. */
export function parseHash(hash: string): Route {
  let path = hash.startsWith('#') ? hash.slice(1) : hash;
  const query = path.indexOf('?');
  if (query >= 0) path = path.slice(0, query);
  if (path === '' || path === '/') return { name: 'home' };
  if (!path.startsWith('/')) path = `/${path}`;
  // A trailing slash means the same page: '#/data/' is '#/data'.
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const parts = trimmed.split('/').slice(1);
  switch (parts[0]) {
    case 'data':
      if (parts.length === 1) return { name: 'data' };
      if (parts.length === 2 && parts[1] === 'import') return { name: 'import' };
      if (parts.length === 2 && /^[1-9]\d{0,14}$/.test(parts[1])) {
        return { name: 'dataset', id: Number(parts[1]) };
      }
      break;
    case 'customers':
      if (parts.length === 1) return { name: 'customers' };
      break;
    case 'segments':
      if (parts.length === 1) return { name: 'segments' };
      break;
    case 'clusters':
      if (parts.length === 1) return { name: 'clusters' };
      break;
    case 'predict': {
      if (parts.length === 1) return { name: 'predict', section: PREDICT_SECTIONS[0] };
      const section = PREDICT_SECTIONS.find((s) => s === parts[1]);
      if (parts.length === 2 && section) return { name: 'predict', section };
      break;
    }
    case 'learn':
      if (parts.length === 1) return { name: 'learn' };
      break;
    case 'privacy':
      if (parts.length === 1) return { name: 'privacy' };
      break;
    case 'about':
      if (parts.length === 1) return { name: 'about' };
      break;
  }
  return { name: 'notFound', path: trimmed };
}

/** The hash of a route, e.g. '#/data/3'. */
export function routeHash(route: Route): string {
  switch (route.name) {
    case 'home':
      return '#/';
    case 'data':
      return '#/data';
    case 'dataset':
      return `#/data/${route.id}`;
    case 'import':
      return '#/data/import';
    case 'customers':
      return '#/customers';
    case 'segments':
      return '#/segments';
    case 'clusters':
      return '#/clusters';
    case 'predict':
      return `#/predict/${route.section ?? PREDICT_SECTIONS[0]}`;
    case 'learn':
      return '#/learn';
    case 'privacy':
      return '#/privacy';
    case 'about':
      return '#/about';
    case 'notFound':
      return `#${route.path}`;
  }
}

/** Which navigation entry a route belongs to (a dataset view belongs to Data). */
export function navSection(route: Route): NavRouteName | null {
  switch (route.name) {
    case 'home':
    case 'data':
    case 'customers':
    case 'segments':
    case 'clusters':
    case 'predict':
    case 'learn':
    case 'privacy':
    case 'about':
      return route.name;
    case 'dataset':
    case 'import':
      return 'data';
    case 'notFound':
      return null;
  }
}

const router = $state<{ route: Route }>({
  route: parseHash(globalThis.location?.hash ?? ''),
});

let listening = false;

function onHashChange(): void {
  router.route = parseHash(location.hash);
}

/** Starts following `location.hash`; returns a function that stops it. Idempotent. */
export function startRouter(): () => void {
  if (listening || !globalThis.window) return () => {};
  listening = true;
  router.route = parseHash(location.hash);
  window.addEventListener('hashchange', onHashChange);
  return () => {
    window.removeEventListener('hashchange', onHashChange);
    listening = false;
  };
}

/** The current route (reactive). */
export function currentRoute(): Route {
  return router.route;
}

/** Goes to a route, adding a history entry (the Back button returns). */
export function navigate(to: Route | string): void {
  const hash = typeof to === 'string' ? to : routeHash(to);
  if (globalThis.location && location.hash !== hash) {
    location.hash = hash;
  }
  // Update at once rather than waiting for the hashchange event, so the caller sees the new page.
  router.route = parseHash(hash);
}
