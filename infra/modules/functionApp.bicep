// The Function app on the Flex Consumption plan (FC1), .NET 10 isolated worker.
// Storage, Key Vault and Application Insights are reached with the app's
// user-assigned managed identity only (its roles exist before the app does):
// no connection string, account key or SAS is set. Storage endpoints come from
// the accounts' primaryEndpoints, so the same template works in every cloud.
// HTTPS only, TLS 1.2 minimum, FTP and basic publishing credentials disabled
// (by the two basicPublishingCredentialsPolicies: siteConfig.ftpsState is not
// supported on Flex Consumption and some regions reject it).
// The site stays public (KoboToolbox and providers call it); with a subnet its
// outbound traffic goes through the virtual network to the private storage.

import { storageEndpoints } from 'storage.bicep'

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

@description('Resource id of the app\'s user-assigned managed identity.')
param identityId string

@description('Client id of the app\'s user-assigned managed identity.')
param identityClientId string

@description('primaryEndpoints of the Functions host\'s storage account (AzureWebJobsStorage blobs and tables).')
param hostStorageEndpoints storageEndpoints

@description('primaryEndpoints of the case data\'s storage account (CaseStorage, and the queue triggers\' queues).')
param dataStorageEndpoints storageEndpoints

@description('Blob container of the host account that receives the deployment package.')
param deploymentContainerName string

@description('URI of the Key Vault that holds the intake keys and the data keys (ending in a slash).')
param keyVaultUri string

@description('Resource id of the subnet for VNet integration; empty for none.')
param subnetId string

@description('Spread the plan\'s instances over availability zones.')
param zoneRedundant bool

@description('Instances of the HTTP functions kept warm (Flex Consumption always ready); 0 for none.')
@minValue(0)
param alwaysReadyHttpInstances int

@description('Resource id of the Log Analytics workspace that receives the app\'s logs.')
param workspaceId string

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

@description('How long the provider that completed a referral may still read it (.NET TimeSpan).')
param providerAccessAfterCompletion string

@description('Six-field NCRONTAB schedule of the timer that ends provider access after completion.')
param providerAccessSchedule string

@description('Six-field NCRONTAB schedule of the KoboToolbox reconciliation (pull) timer.')
param koboPullSchedule string

@description('Six-field NCRONTAB schedule of the timer that alerts on held submissions waiting too long.')
param heldWatchSchedule string

@description('How long a held submission may wait (d.hh:mm:ss) before the alert fires.')
param heldAlertAfter string

@description('Statistics cells with a count below this value are suppressed.')
param suppressionThreshold int

@description('Six-field NCRONTAB schedule of the statistics recount timer.')
param recountSchedule string

@description('Whole years after closing that a closed case is erased; 0 turns retention off.')
param retentionClosedCaseYears int

@description('Six-field NCRONTAB schedule of the retention timer.')
param retentionSchedule string

@description('URI of the blob container that the scheduled export of the case tables writes to (backup account).')
param backupContainerUri string

@description('Six-field NCRONTAB schedule (UTC) of the export of the case tables.')
param backupSchedule string

@description('Send email notices: the Email__ settings point at Azure Communication Services\' SMTP endpoint, with the user name and password as Key Vault references.')
param emailEnabled bool

@description('The domain that email notices are sent from (Communication Services Email); read only with emailEnabled.')
param emailSenderDomain string

@description('Kobo intake keys mapped to organisations: { "<key>": "<organisation>" }. Only the organisations are read here; the n-th key is secret intake-key-<n> of the Key Vault.')
@secure()
param intakeKeys {
  @description('Organisation whose submissions arrive with this key.')
  *: string
}

@description('KoboToolbox projects that the reconciliation pulls, by the organisation of an intake key: { "<organisation>": { "serverUrl": "https://…", "assetUid": "…", "apiToken": "…" } }. Only the server and asset are read here; the token is secret kobo-api-token-<n> of the Key Vault.')
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

@description('Ids of the data keys that seal secrets at rest; key <id> is Key Vault secret secrets-data-key-<id>.')
param dataKeyIds string[]

@description('Id of the data key that seals new secrets, one of dataKeyIds.')
param currentDataKeyId string

@description('Settings of every deployment. Functions convention: __ stands for the configuration separator \':\'.')
var baseAppSettings = [
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: identityClientId
  }
  {
    name: 'AzureWebJobsStorage__blobServiceUri'
    value: hostStorageEndpoints.blob
  }
  {
    // The queue triggers are the host's and bind to AzureWebJobsStorage: they
    // must listen on the case data's queues, where the app sends the messages.
    name: 'AzureWebJobsStorage__queueServiceUri'
    value: dataStorageEndpoints.queue
  }
  {
    name: 'AzureWebJobsStorage__tableServiceUri'
    value: hostStorageEndpoints.table
  }
  {
    name: 'CaseStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'CaseStorage__clientId'
    value: identityClientId
  }
  {
    name: 'CaseStorage__queueServiceUri'
    value: dataStorageEndpoints.queue
  }
  {
    name: 'CaseStorage__tableServiceUri'
    value: dataStorageEndpoints.table
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: appInsightsConnectionString
  }
  {
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
    value: 'ClientId=${identityClientId};Authorization=AAD'
  }
  {
    // The app's strict rules are its default; this says so explicitly, so no
    // other setting can make it take the site for local development.
    name: 'Hosting__Mode'
    value: 'Azure'
  }
  {
    name: 'Backup__ContainerUri'
    value: backupContainerUri
  }
  {
    name: 'Backup__Schedule'
    value: backupSchedule
  }
  {
    name: 'Backup__credential'
    value: 'managedidentity'
  }
  {
    name: 'Backup__clientId'
    value: identityClientId
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
    name: 'Referrals__ProviderAccessAfterCompletion'
    value: providerAccessAfterCompletion
  }
  {
    name: 'Referrals__ProviderAccessSchedule'
    value: providerAccessSchedule
  }
  {
    name: 'Intake__Kobo__PullSchedule'
    value: koboPullSchedule
  }
  {
    name: 'Intake__HeldWatchSchedule'
    value: heldWatchSchedule
  }
  {
    name: 'Intake__HeldAlertAfter'
    value: heldAlertAfter
  }
  {
    name: 'Statistics__SuppressionThreshold'
    value: string(suppressionThreshold)
  }
  {
    name: 'Statistics__RecountSchedule'
    value: recountSchedule
  }
  {
    name: 'Retention__ClosedCaseYears'
    value: string(retentionClosedCaseYears)
  }
  {
    name: 'Retention__Schedule'
    value: retentionSchedule
  }
]

@description('The data keys that seal secrets at rest: Secrets__DataKeys__<id>, each a Key Vault reference (the key itself is in no setting), and Secrets__CurrentKeyId.')
var secretsSettings = concat(
  [
    {
      name: 'Secrets__CurrentKeyId'
      value: currentDataKeyId
    }
  ],
  map(dataKeyIds, keyId => {
    name: 'Secrets__DataKeys__${keyId}'
    value: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/secrets-data-key-${keyId})'
  })
)

@description('Per KoboToolbox intake key n: Intake__Keys__<n>__Key, a Key Vault reference to secret intake-key-<n> (the key itself is in no setting).')
var intakeKeySettings = [
  for (entry, i) in items(intakeKeys): {
    name: 'Intake__Keys__${i}__Key'
    value: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/intake-key-${i})'
  }
]

@description('Per KoboToolbox intake key n: Intake__Keys__<n>__Organization, the organisation its submissions belong to.')
var intakeOrganizationSettings = [
  for (entry, i) in items(intakeKeys): {
    name: 'Intake__Keys__${i}__Organization'
    value: entry.value
  }
]

@description('Per intake key n whose organisation has a KoboToolbox project: Intake__Keys__<n>__Kobo__ServerUrl, __AssetUid, and __ApiToken as a Key Vault reference to secret kobo-api-token-<n>.')
var koboSettingsPerKey = [
  for (entry, i) in items(intakeKeys): contains(koboProjects, entry.value)
    ? [
        {
          name: 'Intake__Keys__${i}__Kobo__ServerUrl'
          value: koboProjects[entry.value].serverUrl
        }
        {
          name: 'Intake__Keys__${i}__Kobo__AssetUid'
          value: koboProjects[entry.value].assetUid
        }
        {
          name: 'Intake__Keys__${i}__Kobo__ApiToken'
          value: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/kobo-api-token-${i})'
        }
      ]
    : []
]

@description('The KoboToolbox settings of every intake key, in one list.')
var koboSettings = flatten(koboSettingsPerKey)

@description('With emailEnabled: Communication Services Email\'s SMTP endpoint (STARTTLS on 587), the sender, and the credentials as Key Vault references to secrets email-smtp-username and email-smtp-password (never a value in clear).')
var emailSettings = emailEnabled
  ? [
      {
        name: 'Email__SmtpHost'
        value: 'smtp.azurecomm.net'
      }
      {
        name: 'Email__SmtpPort'
        value: '587'
      }
      {
        name: 'Email__Tls'
        value: 'StartTls'
      }
      {
        name: 'Email__From'
        value: 'DoNotReply@${emailSenderDomain}'
      }
      {
        name: 'Email__UserName'
        value: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/email-smtp-username)'
      }
      {
        name: 'Email__Password'
        value: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/email-smtp-password)'
      }
    ]
  : []

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
    zoneRedundant: zoneRedundant
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    keyVaultReferenceIdentity: identityId
    virtualNetworkSubnetId: empty(subnetId) ? null : subnetId
    httpsOnly: true
    clientCertEnabled: false
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
      appSettings: concat(
        baseAppSettings,
        secretsSettings,
        intakeKeySettings,
        intakeOrganizationSettings,
        koboSettings,
        emailSettings
      )
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${hostStorageEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        alwaysReady: alwaysReadyHttpInstances == 0
          ? []
          : [
              {
                name: 'http'
                instanceCount: alwaysReadyHttpInstances
              }
            ]
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Basic (user name and password) publishing off for FTP and for the SCM site.
// `location` is missing from the type but required by the resource provider,
// which otherwise answers "The parameter location has an invalid value"
// (Azure/bicep#7396, Azure/bicep-types-az#1317 and #1571); AVM sends it too.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  #disable-next-line BCP187
  location: location
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  #disable-next-line BCP187
  location: location
  properties: {
    allow: false
  }
}

// Function logs only: the app logs ids, never a request body, and no HTTP log
// category (with URLs and client addresses) is routed.
resource siteDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'FunctionAppLogs'
        enabled: true
      }
    ]
  }
}

@description('Resource id of the Function app.')
output id string = site.id

@description('Name of the Function app.')
output name string = site.name

@description('Default host name of the Function app.')
output defaultHostName string = site.properties.defaultHostName
