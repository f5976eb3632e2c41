import type { Case, CasePatch, CaseRegistration, Schemas, ServiceType } from '../api';

/** The case form's values, as text, keyed by the API field path each one is sent as. */
export interface CaseForm {
  'victimType': Schemas['VictimType'];
  'survivor.givenName': string;
  'survivor.familyName': string;
  'survivor.sex': Schemas['Sex'] | '';
  'survivor.dateOfBirth': string;
  'survivor.estimatedAge': string;
  'survivor.phone': string;
  'survivor.preferredLanguage': string;
  'survivor.location.admin1': string;
  'survivor.location.community': string;
  'incident.date': string;
  'incident.deviceType': Schemas['DeviceType'] | '';
  'legalBasis': Schemas['LegalBasis'];
  'consent.referral': boolean;
  'consent.givenBy': Schemas['ConsentGivenBy'] | '';
  'needs': ServiceType[];
}

export type CaseField = keyof CaseForm;

/** The fields a change (PATCH) may send; victim type and needs are set at registration only. */
export const editableFields: CaseField[] = [
  'survivor.givenName',
  'survivor.familyName',
  'survivor.sex',
  'survivor.dateOfBirth',
  'survivor.estimatedAge',
  'survivor.phone',
  'survivor.preferredLanguage',
  'survivor.location.admin1',
  'survivor.location.community',
  'incident.date',
  'incident.deviceType',
  'legalBasis',
  'consent.referral',
  'consent.givenBy',
];

export function emptyForm(): CaseForm {
  return {
    'victimType': 'survivor',
    'survivor.givenName': '',
    'survivor.familyName': '',
    'survivor.sex': '',
    'survivor.dateOfBirth': '',
    'survivor.estimatedAge': '',
    'survivor.phone': '',
    'survivor.preferredLanguage': '',
    'survivor.location.admin1': '',
    'survivor.location.community': '',
    'incident.date': '',
    'incident.deviceType': '',
    'legalBasis': 'consent',
    'consent.referral': false,
    'consent.givenBy': '',
    'needs': [],
  };
}

export function formOf(c: Case): CaseForm {
  const s = c.survivor;
  return {
    'victimType': c.victimType,
    'survivor.givenName': s.givenName,
    'survivor.familyName': s.familyName,
    'survivor.sex': s.sex,
    'survivor.dateOfBirth': s.dateOfBirth ?? '',
    'survivor.estimatedAge': s.estimatedAge?.toString() ?? '',
    'survivor.phone': s.phone ?? '',
    'survivor.preferredLanguage': s.preferredLanguage ?? '',
    'survivor.location.admin1': s.location.admin1,
    'survivor.location.community': s.location.community ?? '',
    'incident.date': c.incident.date ?? '',
    'incident.deviceType': c.incident.deviceType,
    'legalBasis': c.legalBasis,
    'consent.referral': c.consent.referral,
    'consent.givenBy': c.consent.givenBy ?? '',
    'needs': (c.needs ?? []).map((need) => need.serviceType),
  };
}

// Sent as typed, so the API's own rules and messages apply: an empty text is absent, a number is parsed.
function value(form: CaseForm, field: CaseField): unknown {
  const raw = form[field];
  if (typeof raw !== 'string') return raw;
  if (raw.trim() === '') return null;
  return field === 'survivor.estimatedAge' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw.trim();
}

function put(target: Record<string, unknown>, field: string, v: unknown): void {
  const parts = field.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts[parts.length - 1]!] = v;
}

export function registrationOf(form: CaseForm): CaseRegistration {
  const body: Record<string, unknown> = { victimType: form.victimType, survivor: { location: {} }, incident: {}, consent: {} };
  for (const field of editableFields) {
    const v = value(form, field);
    if (v !== null) put(body, field, v);
  }
  body['needs'] = form.needs.map((serviceType) => ({ serviceType }));
  return body as unknown as CaseRegistration;
}

export function changedFields(before: CaseForm, after: CaseForm): CaseField[] {
  return editableFields.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
}

/** A JSON Merge Patch of the fields changed from `base`; an emptied optional field becomes null (removed). */
export function patchOf(base: CaseForm, form: CaseForm): CasePatch {
  const patch: Record<string, unknown> = {};
  for (const field of changedFields(base, form)) put(patch, field, value(form, field));
  return patch as CasePatch;
}

/** The user's own changes from `base`, reapplied on top of `latest` (after a 412). */
export function rebase(base: CaseForm, mine: CaseForm, latest: CaseForm): CaseForm {
  const result = { ...latest };
  for (const field of changedFields(base, mine)) (result as Record<CaseField, unknown>)[field] = mine[field];
  return result;
}
