// Victim Assistance: secure deployment of the case-management backend into one
// resource group. One command (see README.md):
//
//   az deployment group create --resource-group <rg> --parameters infra/main.bicepparam
//
// What it creates:
//   - a Log Analytics workspace and Application Insights (local auth disabled)
//   - two storage accounts with shared keys disabled, zone-redundant by default,
//     diagnostics in the workspace and a delete lock: one for the Functions host
//     (AzureWebJobsStorage, deployment package), one for the case data with its
//     tables and queues created here (CaseStorage)
//   - with networkIsolation: a virtual network, private endpoints and private
//     DNS zones for blob, queue and table; the accounts refuse public networks
//   - a user-assigned identity with its data-plane roles, created before the app
//   - a Key Vault (RBAC, purge protection) with the KoboToolbox intake keys
//   - a Flex Consumption (FC1) plan and the Function app (.NET 10 isolated),
//     HTTPS only, TLS 1.2+, FTP and basic publishing credentials off
//   - alerts to the operators' action group

metadata description = 'Victim Assistance case-management backend on Azure Functions Flex Consumption, storage and telemetry by managed identity.'

targetScope = 'resourceGroup'

// ---------------------------------------------------------------- naming

@description('Azure region of every resource. Defaults to the resource group\'s region; it must offer the Flex Consumption plan (az functionapp list-flexconsumption-locations).')
param location string = resourceGroup().location

@description('Short prefix of every resource name, e.g. the mine action centre\'s acronym: 2-10 lowercase letters or digits.')
@minLength(2)
@maxLength(10)
param namePrefix string = 'va'

@description('Deployment environment: part of every resource name and tagged on every resource.')
@allowed([
  'dev'
  'test'
  'prod'
])
param environmentName string = 'prod'

@description('Extra tags for every resource (for example cost centre or owner).')
param tags {
  @description('Tag value.')
  *: string
} = {}

// ---------------------------------------------------------------- hosting

@description('Memory of each Function app instance in MB (Flex Consumption instance size).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Upper bound of the number of instances the Function app scales out to (Flex Consumption: 40-1000). Bounds the cost of a traffic spike.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Replication of both storage accounts. Zone-redundant by default: the case data must survive the loss of a data centre. Standard_GZRS adds a copy in the paired region; Standard_LRS only where the region has no zones.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
  'Standard_RAGRS'
  'Standard_RAGZRS'
])
param storageSkuName string = 'Standard_ZRS'

@description('Put a CanNotDelete lock on the storage accounts, so the case data cannot be deleted together with an account by mistake. Deleting the resource group then needs the locks removed first.')
param lockStorageAccount bool = true

@description('Set to true once the backup container\'s retention policy is locked (infra/README.md, "Back up and restore"): a locked policy accepts no update, so the deployment then leaves it alone.')
param backupRetentionLocked bool = false

@description('Spread the Flex Consumption plan over availability zones (the region must offer them).')
param zoneRedundant bool = true

@description('HTTP instances kept warm (Flex Consumption always ready): at least 2 with zoneRedundant, so one zone can fail; 0 scales to zero.')
@minValue(0)
@maxValue(20)
param alwaysReadyHttpInstances int = 2

@description('Private data plane: a virtual network for the app\'s outbound traffic, private endpoints and DNS zones for the storage accounts, whose public network access is then disabled. The API itself stays public.')
param networkIsolation bool = true

@description('Resource id of the action group that receives the alerts (Microsoft.Insights/actionGroups).')
@minLength(1)
param alertActionGroupId string

@description('Days that logs and telemetry are kept in the Log Analytics workspace.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 90

// ---------------------------------------------------------------- authentication

@description('Token issuer authority: the Microsoft Entra ID v2.0 endpoint of the tenant that issues the tokens. Defaults to the tenant of the deployment.')
@minLength(1)
param authAuthority string = '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'

@description('Token audience: the Application (client) ID of the API\'s app registration (see README.md, "Microsoft Entra ID").')
@minLength(1)
param authAudience string

@description('Name of the token claim with the organisation of a caseworker or manager. Entra emits a directory extension attribute "org" as "extn.org".')
@minLength(1)
param authOrganizationClaim string = 'extn.org'

@description('Name of the token claim with the provider id of a provider user. Entra emits a directory extension attribute "provider_id" as "extn.provider_id".')
@minLength(1)
param authProviderClaim string = 'extn.provider_id'

// ---------------------------------------------------------------- behaviour

@description('Hours a provider has to accept an offered emergency referral before it expires and is routed again (decimal, e.g. "4" or "1.5").')
@minLength(1)
param referralResponseHoursEmergency string = '4'

@description('Hours a provider has to accept an offered priority referral (decimal).')
@minLength(1)
param referralResponseHoursPriority string = '24'

@description('Hours a provider has to accept an offered routine referral (decimal).')
@minLength(1)
param referralResponseHoursRoutine string = '72'

@description('Six-field NCRONTAB schedule of the timer that expires unanswered referral offers.')
@minLength(11)
param referralExpirySchedule string = '0 */1 * * * *'

@description('Statistics disclosure control: a breakdown cell with a count from 1 to this value minus 1 is suppressed.')
@minValue(3)
@maxValue(100)
param statisticsSuppressionThreshold int = 5

@description('Six-field NCRONTAB schedule (UTC) of the statistics recount, which rebuilds the aggregates from the stored cases and repairs drift.')
@minLength(11)
param statisticsRecountSchedule string = '0 30 2 * * *'

@description('KoboToolbox intake keys, each mapped to the organisation its submissions belong to: { "<key>": "<organisation>" }. A key is at least 32 characters. Each key becomes a Key Vault secret that an app setting references, never part of a setting name. Secure: not kept in the deployment history.')
@secure()
param intakeKeys {
  @description('Organisation whose submissions arrive with this key.')
  *: string
} = {}

// ---------------------------------------------------------------- names

@description('Deterministic per subscription, resource group, prefix and environment: redeployments update the same resources.')
var suffix = uniqueString(subscription().id, resourceGroup().id, namePrefix, environmentName)

@description('Readable part of every resource name.')
var baseName = '${namePrefix}-${environmentName}'

@description('Caller\'s tags plus the application and environment.')
var allTags = union(tags, {
  application: 'victim-assistance'
  environment: environmentName
})

@description('Function app name; also its host name <name>.azurewebsites.net.')
var functionAppName = 'func-${baseName}-${suffix}'

@description('Flex Consumption plan name.')
var planName = 'plan-${baseName}-${suffix}'

@description('Host storage account name: 3-24 lowercase letters and digits, globally unique.')
var hostStorageAccountName = take(toLower('sth${replace(namePrefix, '-', '')}${suffix}'), 24)

@description('Case data storage account name.')
var dataStorageAccountName = take(toLower('std${replace(namePrefix, '-', '')}${suffix}'), 24)

@description('Key Vault name: 3-24 letters, digits and hyphens, globally unique.')
var keyVaultName = take('kv-${namePrefix}-${suffix}', 24)

@description('Virtual network name.')
var vnetName = 'vnet-${baseName}-${suffix}'

@description('User-assigned identity of the Function app.')
var identityName = 'id-${baseName}-${suffix}'

@description('Tables of the case data, as in functions/VictimAssistance.Core/Storage/StorageNames.cs (TableNames.All). Add new tables here.')
var caseTableNames = [
  'Cases'
  'CasesByOrganization'
  'Providers'
  'ProviderLoads'
  'ProviderReferrals'
  'ReferralCases'
  'OpenOffers'
  'UnmetReferrals'
  'StatisticsAggregates'
  'StatisticsOrganizations'
]

@description('Queues of the case data, as in StorageNames.cs (QueueNames.All); each also gets its -poison queue. Add new queues here.')
var caseQueueNames = [
  'case-outbox'
  'route-referral'
  'notify-provider'
]

@description('Log Analytics workspace name.')
var workspaceName = 'log-${baseName}-${suffix}'

@description('Application Insights component name.')
var appInsightsName = 'appi-${baseName}-${suffix}'

@description('Blob container for the Flex Consumption deployment package.')
var deploymentContainerName = 'app-package'

// ---------------------------------------------------------------- resources

module monitoring 'modules/monitoring.bicep' = {
  params: {
    location: location
    tags: allTags
    workspaceName: workspaceName
    appInsightsName: appInsightsName
    retentionInDays: logRetentionInDays
  }
}

module network 'modules/network.bicep' = if (networkIsolation) {
  params: {
    location: location
    tags: allTags
    name: vnetName
  }
}

module hostStorage 'modules/storage.bicep' = {
  params: {
    location: location
    tags: allTags
    name: hostStorageAccountName
    skuName: storageSkuName
    containerNames: [
      deploymentContainerName
    ]
    privateOnly: networkIsolation
    workspaceId: monitoring.outputs.workspaceId
    lockAccount: lockStorageAccount
  }
}

module dataStorage 'modules/storage.bicep' = {
  params: {
    location: location
    tags: allTags
    name: dataStorageAccountName
    skuName: storageSkuName
    backupContainerName: 'case-backups'
    backupRetentionLocked: backupRetentionLocked
    tableNames: caseTableNames
    queueNames: flatten(map(caseQueueNames, queue => [queue, '${queue}-poison']))
    privateOnly: networkIsolation
    workspaceId: monitoring.outputs.workspaceId
    lockAccount: lockStorageAccount
  }
}

module hostStorageEndpoints 'modules/storagePrivateEndpoints.bicep' = if (networkIsolation) {
  params: {
    location: location
    tags: allTags
    storageAccountName: hostStorage.outputs.name
    services: [
      'blob'
      'table'
    ]
    subnetId: network!.outputs.privateEndpointSubnetId
    dnsZoneIds: network!.outputs.storageDnsZoneIds
  }
}

module dataStorageEndpoints 'modules/storagePrivateEndpoints.bicep' = if (networkIsolation) {
  params: {
    location: location
    tags: allTags
    storageAccountName: dataStorage.outputs.name
    services: [
      'blob'
      'queue'
      'table'
    ]
    subnetId: network!.outputs.privateEndpointSubnetId
    dnsZoneIds: network!.outputs.storageDnsZoneIds
  }
}

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  location: location
  tags: allTags
}

module appIdentityRoles 'modules/appIdentityRoles.bicep' = {
  params: {
    principalId: appIdentity.properties.principalId
    hostStorageAccountName: hostStorage.outputs.name
    dataStorageAccountName: dataStorage.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
  }
}

module keyVault 'modules/keyVault.bicep' = {
  params: {
    location: location
    tags: allTags
    name: keyVaultName
    intakeKeys: intakeKeys
    principalId: appIdentity.properties.principalId
    workspaceId: monitoring.outputs.workspaceId
  }
}

module functionApp 'modules/functionApp.bicep' = {
  // The identity's roles and the private endpoints (with their DNS records)
  // exist before the app starts for the first time.
  dependsOn: [
    appIdentityRoles
    hostStorageEndpoints
    dataStorageEndpoints
  ]
  params: {
    location: location
    tags: allTags
    name: functionAppName
    planName: planName
    identityId: appIdentity.id
    identityClientId: appIdentity.properties.clientId
    hostStorageEndpoints: hostStorage.outputs.primaryEndpoints
    dataStorageEndpoints: dataStorage.outputs.primaryEndpoints
    deploymentContainerName: deploymentContainerName
    keyVaultUri: keyVault.outputs.vaultUri
    subnetId: networkIsolation ? network!.outputs.appSubnetId : ''
    zoneRedundant: zoneRedundant
    alwaysReadyHttpInstances: alwaysReadyHttpInstances
    workspaceId: monitoring.outputs.workspaceId
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    authAuthority: authAuthority
    authAudience: authAudience
    authOrganizationClaim: authOrganizationClaim
    authProviderClaim: authProviderClaim
    responseHoursEmergency: referralResponseHoursEmergency
    responseHoursPriority: referralResponseHoursPriority
    responseHoursRoutine: referralResponseHoursRoutine
    expirySchedule: referralExpirySchedule
    suppressionThreshold: statisticsSuppressionThreshold
    recountSchedule: statisticsRecountSchedule
    intakeKeys: intakeKeys
  }
}

module alerts 'modules/alerts.bicep' = {
  params: {
    location: location
    tags: allTags
    baseName: baseName
    actionGroupId: alertActionGroupId
    appInsightsName: monitoring.outputs.appInsightsName
    workspaceId: monitoring.outputs.workspaceId
  }
}

// ---------------------------------------------------------------- outputs

@description('Base URL of the API (append /api/...).')
output functionAppUrl string = 'https://${functionApp.outputs.defaultHostName}'

@description('Name of the Function app (for az functionapp commands).')
output functionAppName string = functionApp.outputs.name

@description('Object (principal) id of the Function app\'s managed identity.')
output principalId string = appIdentity.properties.principalId

@description('Name of the storage account that holds the case data.')
output storageAccountName string = dataStorage.outputs.name

@description('Name of the Key Vault that holds the intake keys.')
output keyVaultName string = keyVaultName

@description('Name of the Application Insights component.')
output appInsightsName string = monitoring.outputs.appInsightsName
