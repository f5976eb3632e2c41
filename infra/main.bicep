// Victim Assistance: secure deployment of the case-management backend into one
// resource group. One command (see README.md):
//
//   az deployment group create --resource-group <rg> --parameters infra/main.bicepparam
//
// What it creates:
//   - a Log Analytics workspace and Application Insights (local auth disabled)
//   - a storage account with shared keys disabled (tables, queues, blobs and
//     the deployment package), its diagnostics in the workspace, a delete lock
//   - a Flex Consumption (FC1) plan and the Function app (.NET 10 isolated),
//     HTTPS only, TLS 1.2+, FTP and basic publishing credentials off, with a
//     system-assigned managed identity for storage and telemetry
//   - data-plane role assignments for that identity, scoped to the account
//     and the Application Insights component

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

@description('Replication of the storage account that holds all case data. Standard_LRS is offered in every region; prefer Standard_ZRS or Standard_GZRS where the region offers them.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
  'Standard_RAGRS'
  'Standard_RAGZRS'
])
param storageSkuName string = 'Standard_LRS'

@description('Put a CanNotDelete lock on the storage account, so the case data cannot be deleted together with the account by mistake. Deleting the resource group then needs the lock removed first.')
param lockStorageAccount bool = true

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
@minValue(2)
@maxValue(100)
param statisticsSuppressionThreshold int = 5

@description('KoboToolbox intake keys, each mapped to the organisation its submissions belong to: { "<key>": "<organisation>" }. A key is 20-100 letters, digits or underscores (it becomes part of an app setting name, Intake__Keys__<key>). Secure: not kept in the deployment history.')
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

@description('Storage account name: 3-24 lowercase letters and digits, globally unique.')
var storageAccountName = take(toLower('st${replace(namePrefix, '-', '')}${suffix}'), 24)

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

module storage 'modules/storage.bicep' = {
  params: {
    location: location
    tags: allTags
    name: storageAccountName
    skuName: storageSkuName
    deploymentContainerName: deploymentContainerName
    workspaceId: monitoring.outputs.workspaceId
    lockAccount: lockStorageAccount
  }
}

module functionApp 'modules/functionApp.bicep' = {
  params: {
    location: location
    tags: allTags
    name: functionAppName
    planName: planName
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
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
    intakeKeys: intakeKeys
  }
}

module appIdentityRoles 'modules/appIdentityRoles.bicep' = {
  params: {
    principalId: functionApp.outputs.principalId
    storageAccountName: storage.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
  }
}

// ---------------------------------------------------------------- outputs

@description('Base URL of the API (append /api/...).')
output functionAppUrl string = 'https://${functionApp.outputs.defaultHostName}'

@description('Name of the Function app (for az functionapp commands).')
output functionAppName string = functionApp.outputs.name

@description('Object (principal) id of the Function app\'s managed identity.')
output principalId string = functionApp.outputs.principalId

@description('Name of the storage account that holds the case data.')
output storageAccountName string = storage.outputs.name

@description('Name of the Application Insights component.')
output appInsightsName string = monitoring.outputs.appInsightsName
