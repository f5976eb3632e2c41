import type { components } from './generated/api';
import { currentToken } from './auth';

export type Schemas = components['schemas'];
export type Case = Schemas['Case'];
export type CaseSummaryPage = Schemas['CaseSummaryPage'];
export type CaseRegistration = Schemas['CaseRegistration'];
export type CasePatch = Schemas['CasePatch'];
export type CaseHistory = Schemas['CaseHistory'];
export type Referral = Schemas['Referral'];
export type ReferralPage = Schemas['ReferralPage'];
export type ReferralDetails = Schemas['ReferralDetails'];
export type Provider = Schemas['Provider'];
export type ProviderPage = Schemas['ProviderPage'];
export type ProviderRequest = Schemas['ProviderRequest'];
export type StatisticsReport = Schemas['StatisticsReport'];
export type ServiceType = Schemas['ServiceType'];
export type ReferralStatus = Schemas['ReferralStatus'];
export type Sex = Schemas['Sex'];

/** An answer other than 2xx: the status and, for 400, the messages by field path. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly errors: Record<string, string[]> = {},
  ) {
    super(title);
  }
}

export interface Tagged<T> {
  body: T;
  etag: string | null;
}

type Query = Record<string, string | number | null | undefined>;

export function path(template: string, query: Query = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return '/api' + template + (text ? '?' + text : '');
}

export async function send(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const token = await currentToken();
  const response = await fetch(url, {
    method,
    headers: {
      Accept: 'application/json',
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' }),
      ...headers,
    },
    body: body === undefined ? null : JSON.stringify(body),
    cache: 'no-store',
  });
  if (!response.ok) {
    let title = response.statusText;
    let errors: Record<string, string[]> = {};
    if (response.headers.get('Content-Type')?.includes('json')) {
      const problem = (await response.json()) as Schemas['Problem'] & { errors?: Record<string, string[]> };
      title = problem.detail ?? problem.title;
      errors = problem.errors ?? {};
    }
    throw new ApiError(response.status, title, errors);
  }
  return response;
}

export async function call<T>(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Tagged<T>> {
  const response = await send(method, url, body, headers);
  return { body: (await response.json()) as T, etag: response.headers.get('ETag') };
}

export async function get<T>(url: string): Promise<T> {
  return (await call<T>('GET', url)).body;
}

/** A random key for a create, so a retried registration makes one case. */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
