import { signal } from './state';
import { az } from './messages.az';
import { en, type MessageKey, type Messages } from './messages.en';
import { ru } from './messages.ru';

export const languages = { en: 'English', az: 'Azərbaycanca', ru: 'Русский' } as const;
export type Language = keyof typeof languages;
const dictionaries: Record<Language, Messages> = { en, az, ru };

function fromBrowser(): Language {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const primary = tag.split('-')[0]?.toLowerCase();
    if (primary && primary in languages) return primary as Language;
  }
  return 'en';
}

export const language = signal<Language>(fromBrowser());

/** The browser's own locale when it is of the chosen language (en-GB dates for a British English browser), else the language. */
function locale(): string {
  const chosen = language.get();
  return (navigator.languages ?? []).find((tag) => tag.split('-')[0]?.toLowerCase() === chosen) ?? chosen;
}

export function setLanguage(next: Language): void {
  document.documentElement.lang = next;
  language.set(next);
}

export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  return dictionaries[language.get()][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** A label for an enumeration value (`service.medical`) or the value itself when there is none. */
export function label(prefix: string, value: string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const key = `${prefix}.${value}`;
  return key in en ? t(key as MessageKey) : value;
}

/** The label of an API field path (`survivor.location.admin1`, `needs[0].serviceType`). */
export function fieldLabel(path: string): string {
  const key = `field.${path.replace(/\[\d+\].*$/, '')}`;
  return key in en ? t(key as MessageKey) : path;
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(new Date(iso)) : '—';
}

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '—';
}

export function formatNumber(value: number | null | undefined, digits = 0): string {
  return value === null || value === undefined ? t('withheld') : new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(value);
}

/** "in 3 days", "in 5 hours", or "expired". */
export function timeLeft(iso: string, now = Date.now()): string {
  const ms = new Date(iso).getTime() - now;
  if (ms <= 0) return t('expired');
  const format = new Intl.RelativeTimeFormat(locale(), { numeric: 'always' });
  const hours = ms / 3_600_000;
  return hours >= 48 ? format.format(Math.floor(hours / 24), 'day') : format.format(Math.max(1, Math.floor(hours)), 'hour');
}
