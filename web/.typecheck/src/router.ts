/** Hash routing ('#/sheets?period=2026-09'): the console is one static page wherever it is served. */
import { reactive } from 'vue';

export const route = reactive({ path: '/', query: {} as Record<string, string> });

function read(): void {
  const h = location.hash.replace(/^#/, '') || '/';
  const [path, qs] = h.split('?');
  route.path = path || '/';
  route.query = Object.fromEntries(new URLSearchParams(qs ?? ''));
}
read();
window.addEventListener('hashchange', read);

export function go(path: string, query: Record<string, string> = {}): void {
  const qs = new URLSearchParams(query).toString();
  location.hash = qs ? `${path}?${qs}` : path;
}
