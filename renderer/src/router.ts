import { useEffect, useState } from 'react';

/** Where the user is. Kept in the URL hash so reload and back/forward work. */
export type Route =
  | { view: 'board' }
  | { view: 'leads' }
  | { view: 'inbox' }
  | { view: 'reports' }
  | { view: 'duplicates' }
  | { view: 'lead'; id: string; from: 'board' | 'leads' | 'inbox' | 'reports' | 'duplicates' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/');
  if (parts[0] === 'lead' && parts[1]) {
    const from = parts[2] === 'board' || parts[2] === 'inbox' || parts[2] === 'reports' || parts[2] === 'duplicates' ? parts[2] : 'leads';
    return { view: 'lead', id: parts[1], from };
  }
  if (parts[0] === 'leads') return { view: 'leads' };
  if (parts[0] === 'inbox') return { view: 'inbox' };
  if (parts[0] === 'reports') return { view: 'reports' };
  if (parts[0] === 'duplicates') return { view: 'duplicates' };
  return { view: 'board' };
}

export function routeHash(route: Route): string {
  return route.view === 'lead' ? `#/lead/${route.id}/${route.from}` : `#/${route.view}`;
}

export function navigate(route: Route): void {
  const hash = routeHash(route);
  if (window.location.hash !== hash) window.location.hash = hash;
}

/** Opens a lead's workspace, remembering which view to go back to. */
export function openLead(id: string): void {
  const current = parseRoute(window.location.hash);
  navigate({ view: 'lead', id, from: current.view === 'lead' ? current.from : current.view });
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
