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
//   - a third storage account for the backups of the case tables (write-once
//     container, lifecycle rule, its own region as a parameter)
//   - a user-assigned identity with its data-plane roles (per table and queue on
//     the case data), created before the app
//   - a Key Vault (RBAC, purge protection, private with networkIsolation) with the
//     KoboToolbox intake keys
//   - with enableDefender: Defender for Storage, Key Vault and App Service
//   - a Flex Consumption (FC1) plan and the Function app (.NET 10 isolated),
//     HTTPS only, TLS 1.2+, FTP and basic publishing credentials off
//   - alerts, an /api/health availability test and a budget, to the operators'
//     action group
//   - the web app on Azure Static Web Apps (Standard) and an Azure Front Door
//     endpoint that serves it and the API on one origin (modules/webapp.bicep)
//   - Azure Communication Services Email for the providers' email notices, with
//     the SMTP credentials as Key Vault secrets (modules/email.bicep)

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

@description('Region of the backup storage account: another region than the data, so a regional disaster leaves the backups. Defaults to the deployment\'s region; set it to the paired region in production.')
param backupLocation string = location

@description('Days during which a backup can be neither changed nor deleted (write-once, time-based retention).')
@minValue(7)
@maxValue(3650)
param backupRetentionDays int = 35

@description('Days after which the lifecycle rule deletes a backup; at least the retention.')
@minValue(7)
@maxValue(3650)
param backupKeepDays int = 90

@description('Six-field NCRONTAB schedule (UTC) of the export of the case tables to the backup account.')
@minLength(11)
param backupSchedule string = '0 0 1 * * *'

@description('Microsoft Defender for Storage (per account, with sensitive data threat detection), and for Key Vault and App Service (plans of the whole subscription, which needs Security Admin or Owner there). On by default in production.')
param enableDefender bool = environmentName == 'prod'

@description('Monthly cost budget of the resource group, in the billing currency; the action group hears at 80% (forecast) and 100% (actual).')
@minValue(1)
param monthlyBudget int = 500

@description('First day of the budget: the first of a month (yyyy-MM-01). Keep it once set: a budget\'s start cannot move to another month.')
param budgetStartDate string = utcNow('yyyy-MM-01')

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

@description('How long the provider that completed a referral may still read it, as a .NET TimeSpan (d.hh:mm:ss, at most 3650 days).')
@minLength(8)
param referralProviderAccessAfterCompletion string = '30.00:00:00'

@description('Six-field NCRONTAB schedule of the timer that records the end of provider access after completion.')
@minLength(11)
param referralProviderAccessSchedule string = '0 15 * * * *'

@description('Six-field NCRONTAB schedule of the timer that pulls from KoboToolbox what its REST Services did not deliver.')
@minLength(11)
param koboPullSchedule string = '0 */15 * * * *'

@description('Six-field NCRONTAB schedule of the timer that alerts while a held KoboToolbox submission waits longer than heldAlertAfter.')
@minLength(11)
param heldWatchSchedule string = '0 0 * * * *'

@description('How long (d.hh:mm:ss) a held KoboToolbox submission may wait for a caseworker before the alert fires.')
param heldAlertAfter string = '2.00:00:00'

@description('Statistics disclosure control: a breakdown cell with a count from 1 to this value minus 1 is suppressed.')
@minValue(3)
@maxValue(100)
param statisticsSuppressionThreshold int = 5

@description('Six-field NCRONTAB schedule (UTC) of the statistics recount, which rebuilds the aggregates from the stored cases and repairs drift.')
@minLength(11)
param statisticsRecountSchedule string = '0 30 2 * * *'

@description('Whole years after closing that a closed case is erased automatically (Retention__ClosedCaseYears); 0 keeps closed cases for ever. Each deployment decides it under its data-protection policy.')
@minValue(0)
@maxValue(100)
param retentionClosedCaseYears int = 7

@description('Six-field NCRONTAB schedule (UTC) of the retention timer that erases closed cases past their retention period.')
@minLength(11)
param retentionSchedule string = '0 45 2 * * *'

@description('KoboToolbox intake keys, each mapped to the organisation its submissions belong to: { "<key>": "<organisation>" }. A key is at least 32 characters. Each key becomes a Key Vault secret that an app setting references, never part of a setting name. Secure: not kept in the deployment history.')
@secure()
param intakeKeys {
  @description('Organisation whose submissions arrive with this key.')
  *: string
} = {}

@description('Ids of the data keys that seal secrets at rest (provider webhook secrets), lower-case letters and digits. Key id <id> is Key Vault secret secrets-data-key-<id>, the base64 of 32 random bytes, created in the vault before the app starts (see infra/README.md); the app refuses to start while one is missing. Keep an old id listed while rows or backups sealed with it are kept.')
@minLength(1)
param dataKeyIds string[] = ['k1']

@description('Id of the data key that seals new secrets, one of dataKeyIds.')
@minLength(1)
param currentDataKeyId string = 'k1'

@description('KoboToolbox projects that the reconciliation pulls, by the organisation of an intake key (optional): { "<organisation>": { "serverUrl": "https://…", "assetUid": "…", "apiToken": "…" } }. The token of the n-th intake key\'s project becomes secret kobo-api-token-<n>. Secure: not kept in the deployment history.')
@secure()
param koboProjects {
  @description('The KoboToolbox project of this organisation\'s intake key.')
  *: {
    @description('The KoboToolbox server, https (e.g. https://kf.kobotoolbox.org).')
    serverUrl: string
    @description('The project\'s asset uid.')
    assetUid: string
    @description('An API token that may view the project\'s submissions.')
    apiToken: string
  }
} = {}

// ---------------------------------------------------------------- email

@description('Where Azure Communication Services keeps the email data at rest (e.g. Europe, United States, UK).')
param emailDataLocation string = 'Europe'

@description('Your own sending domain for the email notices (verified in DNS after the first deployment, see README.md); empty for an Azure-managed domain.')
param emailCustomDomain string = ''

@description('Application (client) id of the Microsoft Entra application that SMTP signs in as (README.md, "Email"); empty: no email is sent.')
param emailSmtpClientId string = ''

@description('Object id of that application\'s service principal.')
param emailSmtpPrincipalId string = ''

@description('A client secret of that application; kept only as Key Vault secret email-smtp-password. Secure: not kept in the deployment history.')
@secure()
param emailSmtpClientSecret string = ''

// ---------------------------------------------------------------- web app

@description('Deploy the web app (Azure Static Web Apps Standard) and the Front Door endpoint that serves it and the API on one origin.')
param deployWebApp bool = true

@description('Region of the static web app\'s management resource; its files are served from Azure\'s edge. Static Web Apps exists in a few regions only.')
@allowed([
  'westeurope'
  'eastus2'
  'centralus'
  'westus2'
  'eastasia'
])
param staticWebAppLocation string = 'westeurope'

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

@description('Backup storage account name.')
var backupStorageAccountName = take(toLower('stb${replace(namePrefix, '-', '')}${suffix}'), 24)

@description('Blob container of the backups (write-once).')
var backupContainerName = 'case-backups'

@description('Subnet of the app\'s VNet integration.')
var appSubnetName = 'app'

@description('Subnet of the private endpoints.')
var privateEndpointSubnetName = 'private-endpoints'

@description('Resource id of the subnet of the private endpoints (known before the network exists, so that the deployment can be predicted offline).')
var privateEndpointSubnetId = resourceId(
  'Microsoft.Network/virtualNetworks/subnets',
  vnetName,
  privateEndpointSubnetName
)

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
  'CompletedReferrals'
  'UnmetReferrals'
  'StatisticsAggregates'
  'StatisticsOrganizations'
  'NotificationDeliveries'
  'HeldSubmissions'
  'IntakeCursors'
  'AccessLog'
  'Tombstones'
]

@description('Queues of the case data, as in StorageNames.cs (QueueNames.All); each also gets its -poison queue. Add new queues here.')
var caseQueueNames = [
  'case-outbox'
  'route-referral'
  'notify-provider'
  'provider-changed'
  'access-log'
]

@description('Every queue of the case data with its -poison queue.')
var caseQueueNamesWithPoison = flatten(map(caseQueueNames, queue => [queue, '${queue}-poison']))

@description('Communication Service name (globally unique).')
var communicationServiceName = 'acs-${baseName}-${suffix}'

@description('Email Communication Service name.')
var emailServiceName = 'acse-${baseName}-${suffix}'

@description('Static web app name.')
var staticWebAppName = 'stapp-${baseName}-${suffix}'

@description('Front Door profile name.')
var frontDoorName = 'afd-${baseName}-${suffix}'

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
    appSubnetName: appSubnetName
    privateEndpointSubnetName: privateEndpointSubnetName
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
    defender: enableDefender
  }
}

module dataStorage 'modules/storage.bicep' = {
  params: {
    location: location
    tags: allTags
    name: dataStorageAccountName
    skuName: storageSkuName
    tableNames: caseTableNames
    queueNames: caseQueueNamesWithPoison
    privateOnly: networkIsolation
    workspaceId: monitoring.outputs.workspaceId
    lockAccount: lockStorageAccount
    defender: enableDefender
  }
}

// The backups have an account of their own (another region as a parameter), so
// that losing or compromising the data account leaves them.
module backupStorage 'modules/storage.bicep' = {
  params: {
    location: backupLocation
    tags: allTags
    name: backupStorageAccountName
    skuName: storageSkuName
    backupContainerName: backupContainerName
    backupRetentionDays: backupRetentionDays
    backupRetentionLocked: backupRetentionLocked
    backupKeepDays: backupKeepDays
    privateOnly: networkIsolation
    workspaceId: monitoring.outputs.workspaceId
    lockAccount: lockStorageAccount
    defender: enableDefender
  }
}

module defenderPlans 'modules/defenderPlans.bicep' = if (enableDefender) {
  scope: subscription()
}

module hostStorageEndpoints 'modules/storagePrivateEndpoints.bicep' = if (networkIsolation) {
  params: {
    location: location
    tags: allTags
    storageAccountName: hostStorageAccountName
    services: [
      'blob'
      'table'
    ]
    subnetId: privateEndpointSubnetId
    dnsZoneIds: network!.outputs.storageDnsZoneIds
  }
  dependsOn: [
    hostStorage
  ]
}

module dataStorageEndpoints 'modules/storagePrivateEndpoints.bicep' = if (networkIsolation) {
  params: {
    location: location
    tags: allTags
    storageAccountName: dataStorageAccountName
    services: [
      'queue'
      'table'
    ]
    subnetId: privateEndpointSubnetId
    dnsZoneIds: network!.outputs.storageDnsZoneIds
  }
  dependsOn: [
    dataStorage
  ]
}

module backupStorageEndpoints 'modules/storagePrivateEndpoints.bicep' = if (networkIsolation) {
  params: {
    location: location
    tags: allTags
    storageAccountName: backupStorageAccountName
    services: [
      'blob'
    ]
    subnetId: privateEndpointSubnetId
    dnsZoneIds: network!.outputs.storageDnsZoneIds
  }
  dependsOn: [
    backupStorage
  ]
}

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  location: location
  tags: allTags
}

module appIdentityRoles 'modules/appIdentityRoles.bicep' = {
  params: {
    principalId: appIdentity.properties.principalId
    hostStorageAccountName: hostStorageAccountName
    dataStorageAccountName: dataStorageAccountName
    tableNames: caseTableNames
    queueNames: caseQueueNamesWithPoison
    backupStorageAccountName: backupStorageAccountName
    backupContainerName: backupContainerName
    appInsightsName: appInsightsName
  }
  dependsOn: [
    hostStorage
    dataStorage
    backupStorage
    monitoring
  ]
}

module keyVault 'modules/keyVault.bicep' = {
  params: {
    location: location
    tags: allTags
    name: keyVaultName
    intakeKeys: intakeKeys
    koboProjects: koboProjects
    principalId: appIdentity.properties.principalId
    workspaceId: monitoring.outputs.workspaceId
    privateOnly: networkIsolation
    privateEndpointSubnetId: networkIsolation ? privateEndpointSubnetId : ''
    privateDnsZoneId: networkIsolation ? network!.outputs.keyVaultDnsZoneId : ''
  }
}

module email 'modules/email.bicep' = {
  params: {
    tags: allTags
    communicationServiceName: communicationServiceName
    emailServiceName: emailServiceName
    dataLocation: emailDataLocation
    customDomain: emailCustomDomain
    smtpClientId: emailSmtpClientId
    smtpPrincipalId: emailSmtpPrincipalId
    smtpClientSecret: emailSmtpClientSecret
    vaultName: keyVaultName
  }
  dependsOn: [
    keyVault
  ]
}

module functionApp 'modules/functionApp.bicep' = {
  // The identity's roles and the private endpoints (with their DNS records)
  // exist before the app starts for the first time.
  dependsOn: [
    appIdentityRoles
    hostStorageEndpoints
    dataStorageEndpoints
    backupStorageEndpoints
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
    subnetId: networkIsolation ? resourceId('Microsoft.Network/virtualNetworks/subnets', vnetName, appSubnetName) : ''
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
    providerAccessAfterCompletion: referralProviderAccessAfterCompletion
    providerAccessSchedule: referralProviderAccessSchedule
    koboPullSchedule: koboPullSchedule
    heldWatchSchedule: heldWatchSchedule
    heldAlertAfter: heldAlertAfter
    suppressionThreshold: statisticsSuppressionThreshold
    recountSchedule: statisticsRecountSchedule
    retentionClosedCaseYears: retentionClosedCaseYears
    retentionSchedule: retentionSchedule
    intakeKeys: intakeKeys
    koboProjects: koboProjects
    dataKeyIds: dataKeyIds
    currentDataKeyId: currentDataKeyId
    backupContainerUri: '${backupStorage.outputs.primaryEndpoints.blob}${backupContainerName}'
    backupSchedule: backupSchedule
    emailEnabled: !empty(emailSmtpClientId)
    emailSenderDomain: email.outputs.senderDomain
  }
}

module webApp 'modules/webapp.bicep' = if (deployWebApp) {
  params: {
    tags: allTags
    staticSiteLocation: staticWebAppLocation
    staticSiteName: staticWebAppName
    frontDoorName: frontDoorName
    endpointName: '${baseName}-${suffix}'
    functionAppHostName: functionApp.outputs.defaultHostName
    workspaceId: monitoring.outputs.workspaceId
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
    dataStorageAccountName: dataStorageAccountName
    appPrincipalId: appIdentity.properties.principalId
    functionAppHostName: functionApp.outputs.defaultHostName
    monthlyBudget: monthlyBudget
    budgetStartDate: budgetStartDate
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

@description('Name of the storage account that holds the backups of the case tables.')
output backupStorageAccountName string = backupStorage.outputs.name

@description('The web app and the API on one origin (Front Door): what people open, and the web app\'s sign-in redirect URI. Empty without deployWebApp.')
output webAppUrl string = deployWebApp ? webApp!.outputs.url : ''

@description('Name of the static web app that holds the web app\'s files (its deployment token: az staticwebapp secrets list).')
output staticWebAppName string = deployWebApp ? webApp!.outputs.staticSiteName : ''

@description('The Front Door id that the static web app requires in X-Azure-FDID (staticwebapp.config.json, forwardingGateway).')
output frontDoorId string = deployWebApp ? webApp!.outputs.frontDoorId : ''
