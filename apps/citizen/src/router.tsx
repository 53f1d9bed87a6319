// A tiny history router: the phone site has a dozen pages, not worth a router library's bytes.
import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

export const BASE = '/m';

function current() {
  const path = window.location.pathname.startsWith(BASE) ? window.location.pathname.slice(BASE.length) : window.location.pathname;
  return { path: path || '/', query: new URLSearchParams(window.location.search) };
}

export function navigate(to: string, replace = false) {
  window.history[replace ? 'replaceState' : 'pushState'](null, '', BASE + to);
  window.dispatchEvent(new Event('mz:navigate'));
  window.scrollTo(0, 0);
}

export function useRoute() {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    window.addEventListener('popstate', update);
    window.addEventListener('mz:navigate', update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener('mz:navigate', update);
    };
  }, []);
  return route;
}

export function Link({ to, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={BASE + to} onClick={onClick} {...rest} />;
}
