// A hardened production variant for the infrastructure tests (the fixture copies it
// into a copy of infra/variants/): geo-zone-redundant storage, backups in another
// region kept a year, Defender on.
using '../main.bicep'

param environmentName = 'prod'
param storageSkuName = 'Standard_GZRS'
param backupLocation = 'northeurope'
param backupRetentionDays = 365
param backupKeepDays = 730
param enableDefender = true
param logRetentionInDays = 365
param alertActionGroupId = readEnvironmentVariable('VA_ALERT_ACTION_GROUP_ID')
param authAudience = readEnvironmentVariable('VA_AUTH_AUDIENCE')
param intakeKeys = json(readEnvironmentVariable('VA_INTAKE_KEYS', '{}'))
