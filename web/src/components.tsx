import type { ComponentChildren, JSX } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';
import { fieldLabel, label, t } from './i18n';

export type FieldErrors = Record<string, string[]>;

export function fieldId(path: string): string {
  return 'f-' + path.replace(/[^A-Za-z0-9]/g, '-');
}

/** A labelled control whose API messages for its field path are shown under it and announced with it. */
export function Field(props: { path: string; label?: string; errors: FieldErrors; children: (id: string, describedBy?: string) => JSX.Element }) {
  const id = fieldId(props.path);
  const messages = Object.entries(props.errors).filter(([path]) => path === props.path || path.startsWith(props.path + '.') || path.startsWith(props.path + '['));
  const errorId = messages.length ? id + '-error' : undefined;
  return (
    <div class={'field' + (messages.length ? ' invalid' : '')}>
      <label for={id}>{props.label ?? fieldLabel(props.path)}</label>
      {props.children(id, errorId)}
      {errorId && (
        <p class="field-error" id={errorId}>
          {messages.flatMap(([, list]) => list).join(' ')}
        </p>
      )}
    </div>
  );
}

/** The API's validation messages, each under the label of its field, linked to it; focused when it appears. */
export function ErrorSummary(props: { errors: FieldErrors; message?: string | null }) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(props.errors);
  useEffect(() => {
    if (entries.length || props.message) ref.current?.focus();
  }, [props.errors, props.message]);
  if (!entries.length && !props.message) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} ref={ref}>
      {props.message && <p>{props.message}</p>}
      {entries.length > 0 && (
        <>
          <p>{t('fixErrors')}</p>
          <ul>
            {entries.map(([path, messages]) => (
              <li key={path}>
                <a href={'#' + fieldId(path)} onClick={focusField(path)}>
                  {fieldLabel(path)}
                </a>
                : {messages.join(' ')}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function focusField(path: string) {
  return (event: Event) => {
    event.preventDefault();
    // A field of its own (a Kobo answer in a repeat), else the control of the list it belongs to (`needs[0].serviceType`).
    (document.getElementById(fieldId(path)) ?? document.getElementById(fieldId(path.replace(/\[\d+\].*$/, ''))))?.focus();
  };
}

export function describe(error: unknown): string {
  if (error instanceof ApiError && error.status === 404) return t('notFound');
  return t('error', { message: error instanceof Error ? error.message : String(error) });
}

export type Loaded<T> = { state: 'loading' } | { state: 'failed'; error: unknown } | { state: 'ready'; value: T };

/** Loads on mount and whenever `key` changes; `reload` loads again. */
export function useLoad<T>(load: () => Promise<T>, key: unknown[]): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && setLoaded({ state: 'ready', value }),
      (error: unknown) => current && setLoaded({ state: 'failed', error }),
    );
    return () => {
      current = false;
    };
  }, [...key, generation]);
  return [loaded, useCallback(() => setGeneration((n) => n + 1), [])];
}

export function Show<T>(props: { loaded: Loaded<T>; children: (value: T) => ComponentChildren }) {
  if (props.loaded.state === 'loading') return <p role="status">{t('loading')}</p>;
  if (props.loaded.state === 'failed') return <p class="error" role="alert">{describe(props.loaded.error)}</p>;
  return <>{props.children(props.loaded.value)}</>;
}

/** The page's heading, focused on arrival so screen readers announce the new page. */
export function PageTitle(props: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${ref.current?.textContent ?? ''} – ${t('appName')}`;
    ref.current?.focus();
  }, []);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {props.children}
    </h1>
  );
}

export function errorsOf(error: unknown): FieldErrors {
  return error instanceof ApiError && error.status === 400 ? error.errors : {};
}

export function messageOf(error: unknown): string | null {
  return error instanceof ApiError && error.status === 400 ? null : describe(error);
}

export function Select<T extends string>(props: {
  id: string;
  value: T | '';
  options: readonly T[];
  labelPrefix: string;
  onChange: (value: T) => void;
  describedBy?: string | undefined;
  empty?: boolean;
}) {
  return (
    <select id={props.id} aria-describedby={props.describedBy} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value as T)}>
      {props.empty && <option value="">—</option>}
      {props.options.map((option) => (
        <option key={option} value={option}>
          {label(props.labelPrefix, option)}
        </option>
      ))}
    </select>
  );
}

/** A table that scrolls sideways on a narrow screen, reachable and named for keyboard and screen-reader users. */
export function TableScroll(props: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={props.label}>
      {props.children}
    </div>
  );
}
