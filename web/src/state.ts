import { useEffect, useState } from 'preact/hooks';

/** A value that components re-render on; small enough that no state library is needed. */
export interface Signal<T> {
  get(): T;
  set(value: T): void;
  subscribe(listener: () => void): () => void;
}

export function signal<T>(initial: T): Signal<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(next) {
      value = next;
      listeners.forEach((listener) => listener());
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function useSignal<T>(source: Signal<T>): T {
  const [, redraw] = useState(0);
  useEffect(() => source.subscribe(() => redraw((n) => n + 1)), [source]);
  return source.get();
}
