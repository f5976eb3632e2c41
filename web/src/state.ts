import { useLayoutEffect, useState } from 'preact/hooks';

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
  const value = source.get();
  const [, redraw] = useState(0);
  useLayoutEffect(() => {
    const unsubscribe = source.subscribe(() => redraw((n) => n + 1));
    // A change between this render and the subscription would otherwise be missed.
    if (source.get() !== value) redraw((n) => n + 1);
    return unsubscribe;
  }, [source]);
  return value;
}
