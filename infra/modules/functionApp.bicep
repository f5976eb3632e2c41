// The Function app on the Flex Consumption plan (FC1), .NET 10 isolated worker.
// Storage and Application Insights are reached with the app's system-assigned
// managed identity only: no connection string, account key or SAS is set.
// HTTPS only, TLS 1.2 minimum, FTP and basic publishing credentials disabled.

@description('Azure region of the resources.')
param location string

@description('Tags applied to every resource.')
param tags {
  @description('Tag value.')
  *: string
}

@description('Name of the Function app (globally unique: it becomes <name>.azurewebsites.net).')
@minLength(2)
@maxLength(60)
param name string

@description('Name of the Flex Consumption plan.')
@minLength(1)
@maxLength(60)
param planName string

@description('Name of the storage account used by the Functions host and the app (identity-based).')
param storageAccountName string

@description('URL of the blob container that receives the deployment package.')
param deploymentContainerUrl string

@description('Application Insights connection string (telemetry destination; ingestion is authenticated with the managed identity).')
param appInsightsConnectionString string

@description('Memory of each instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Upper bound of the number of instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Token issuer authority (Microsoft Entra ID), e.g. https://login.microsoftonline.com/<tenant-id>/v2.0.')
param authAuthority string

@description('Token audience: the Application (client) ID of the API app registration.')
param authAudience string

@description('Name of the token claim that carries a caseworker\'s or manager\'s organisation.')
param authOrganizationClaim string

@description('Name of the token claim that carries a provider user\'s provider id.')
param authProviderClaim string

@description('Hours an emergency referral offer stays open (decimal).')
param responseHoursEmergency string

@description('Hours a priority referral offer stays open (decimal).')
param responseHoursPriority string

@description('Hours a routine referral offer stays open (decimal).')
param responseHoursRoutine string

@description('Six-field NCRONTAB schedule of the referral expiry timer.')
param expirySchedule string

@description('Statistics cells with a count below this value are suppressed.')
param suppressionThreshold int

@description('Kobo intake keys mapped to organisations: { "<key>": "<organisation>" }.')
@secure()
param intakeKeys {
  @description('Organisation whose submissions arrive with this key.')
  *: string
}

@description('Settings of every deployment. Functions convention: __ stands for the configuration separator \':\'.')
var baseAppSettings = [
  {
    name: 'AzureWebJobsStorage__accountName'
    value: storageAccountName
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: appInsightsConnectionString
  }
  {
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
    value: 'Authorization=AAD'
  }
  {
    name: 'Auth__Authority'
    value: authAuthority
  }
  {
    name: 'Auth__Audience'
    value: authAudience
  }
  {
    name: 'Auth__OrganizationClaim'
    value: authOrganizationClaim
  }
  {
    name: 'Auth__ProviderClaim'
    value: authProviderClaim
  }
  {
    name: 'Referrals__ResponseHours__emergency'
    value: responseHoursEmergency
  }
  {
    name: 'Referrals__ResponseHours__priority'
    value: responseHoursPriority
  }
  {
    name: 'Referrals__ResponseHours__routine'
    value: responseHoursRoutine
  }
  {
    name: 'Referrals__ExpirySchedule'
    value: expirySchedule
  }
  {
    name: 'Statistics__SuppressionThreshold'
    value: string(suppressionThreshold)
  }
]

@description('One setting Intake__Keys__<key> = <organisation> per KoboToolbox intake key.')
var intakeAppSettings = [
  for entry in items(intakeKeys): {
    name: 'Intake__Keys__${entry.key}'
    value: entry.value
  }
]

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: concat(baseAppSettings, intakeAppSettings)
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('Name of the Function app.')
output name string = site.name

@description('Default host name of the Function app.')
output defaultHostName string = site.properties.defaultHostName

@description('Object (principal) id of the app\'s system-assigned managed identity.')
output principalId string = site.identity.principalId
