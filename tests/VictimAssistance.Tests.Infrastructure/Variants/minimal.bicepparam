// A minimal test environment for the infrastructure tests (the fixture copies it into
// a copy of infra/variants/): no private network, locally redundant storage, no warm
// instances, no Defender, no locks.
using '../main.bicep'

param environmentName = 'dev'
param networkIsolation = false
param storageSkuName = 'Standard_LRS'
param zoneRedundant = false
param alwaysReadyHttpInstances = 0
param lockStorageAccount = false
param alertActionGroupId = readEnvironmentVariable('VA_ALERT_ACTION_GROUP_ID')
param authAudience = readEnvironmentVariable('VA_AUTH_AUDIENCE')
