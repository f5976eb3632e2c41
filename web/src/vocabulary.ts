import type { Schemas } from './api';

// The API's enumerations, listed once; each `satisfies` makes tsc fail if the contract gains or loses a value.
type All<T extends string> = readonly T[] & { length: number };
function all<T extends string>() {
  return <const L extends readonly T[]>(values: L & ([T] extends [L[number]] ? unknown : never)): All<T> => values;
}

export const serviceTypes = all<Schemas['ServiceType']>()(['medical', 'rehabilitation', 'psychosocial', 'livelihood', 'education', 'legal']);
export const referralStatuses = all<Schemas['ReferralStatus']>()(['requested', 'offered', 'accepted', 'completed', 'unmet', 'cancelled']);
export const caseStatuses = all<Schemas['CaseStatus']>()(['open', 'closed']);
export const sexes = all<Schemas['Sex']>()(['female', 'male', 'unknown']);
export const victimTypes = all<Schemas['VictimType']>()(['survivor', 'indirect_victim']);
export const legalBases = all<Schemas['LegalBasis']>()(['consent', 'vital_interest', 'public_interest', 'legitimate_interest']);
export const consentGivers = all<Schemas['ConsentGivenBy']>()(['survivor', 'guardian', 'representative']);
export const urgencies = all<Schemas['Urgency']>()(['routine', 'priority', 'emergency']);
export const outcomes = all<Schemas['ReferralOutcome']>()(['service_provided', 'partially_provided', 'not_provided']);
export const deviceTypes = all<Schemas['DeviceType']>()([
  'antipersonnel_mine',
  'antivehicle_mine',
  'improvised_explosive_device',
  'cluster_munition_remnant',
  'unexploded_ordnance',
  'abandoned_explosive_ordnance',
  'other',
  'unknown',
]);
export const ageGroups = ['0-4', '5-11', '12-17', '18-59', '60+', 'unknown'] as const;
export const disabilities = ['disability', 'no_disability', 'unknown'] as const;
export const discardReasons = all<Schemas['DiscardHeldRequest']['reason']>()(['duplicate', 'entered_in_error', 'not_eligible', 'test_submission']);
