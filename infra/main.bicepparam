// Parameters for infra/main.bicep. Values that differ per deployment are read
// from environment variables, so a deployment is one command (README.md):
//
//   VA_AUTH_AUDIENCE   required: Application (client) ID of the API app registration
//   VA_NAME_PREFIX     optional: 2-10 lowercase letters or digits (default "va")
//   VA_ALERT_ACTION_GROUP_ID  required: resource id of the operators' action group
//   VA_INTAKE_KEYS     optional: KoboToolbox intake keys, JSON {"<key>": "<organisation>"}, keys of 32+ characters
//   VA_KOBO_PROJECTS   optional: KoboToolbox projects to reconcile, JSON {"<organisation>": {"serverUrl", "assetUid", "apiToken"}}
//   VA_EMAIL_SMTP_CLIENT_ID, VA_EMAIL_SMTP_PRINCIPAL_ID, VA_EMAIL_SMTP_SECRET
//                      optional: the Entra application that sends the email notices over SMTP (README.md, "Email")
//
// Everything else keeps the defaults of main.bicep; change it here.

using './main.bicep'

param namePrefix = readEnvironmentVariable('VA_NAME_PREFIX', 'va')
param environmentName = 'prod'

// Production: private data plane, zone-redundant storage and plan, two warm instances.
param networkIsolation = true
param storageSkuName = 'Standard_ZRS'
param zoneRedundant = true
param alwaysReadyHttpInstances = 2
param alertActionGroupId = readEnvironmentVariable('VA_ALERT_ACTION_GROUP_ID')

param authAudience = readEnvironmentVariable('VA_AUTH_AUDIENCE')
param authOrganizationClaim = 'extn.org'
param authProviderClaim = 'extn.provider_id'

param referralResponseHoursEmergency = '4'
param referralResponseHoursPriority = '24'
param referralResponseHoursRoutine = '72'
param referralExpirySchedule = '0 */1 * * * *'
param referralProviderAccessAfterCompletion = '30.00:00:00'
param referralProviderAccessSchedule = '0 15 * * * *'
param statisticsSuppressionThreshold = 5
param statisticsRecountSchedule = '0 30 2 * * *'

// Decide with the programme's data-protection officer: closed cases are erased this many years after closing (0: never).
param retentionClosedCaseYears = 7
param retentionSchedule = '0 45 2 * * *'

param intakeKeys = json(readEnvironmentVariable('VA_INTAKE_KEYS', '{}'))
param koboProjects = json(readEnvironmentVariable('VA_KOBO_PROJECTS', '{}'))

param emailDataLocation = 'Europe'
param emailSmtpClientId = readEnvironmentVariable('VA_EMAIL_SMTP_CLIENT_ID', '')
param emailSmtpPrincipalId = readEnvironmentVariable('VA_EMAIL_SMTP_PRINCIPAL_ID', '')
param emailSmtpClientSecret = readEnvironmentVariable('VA_EMAIL_SMTP_SECRET', '')
