import { signal } from './state';

/** Hash routes carry ids only, never a name or any other survivor data. */
export const route = signal<string[]>(parse());

function parse(): string[] {
  return location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
}

addEventListener('hashchange', () => route.set(parse()));

export function go(...segments: string[]): void {
  location.hash = '#/' + segments.map(encodeURIComponent).join('/');
}

export function href(...segments: string[]): string {
  return '#/' + segments.map(encodeURIComponent).join('/');
}
