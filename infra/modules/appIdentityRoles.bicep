// Least-privilege data-plane roles of the app's user-assigned identity, created
// before the Function app so that its first start already has them: on the host
// account what the Functions host needs there (blobs for locks, timers and the
// deployment package; tables for its diagnostic events), on the case data
// account only tables and queues (the queue triggers listen there too), and telemetry ingestion into
// Application Insights. Names are deterministic: a redeployment duplicates nothing.

@description('Object (principal) id of the app\'s user-assigned identity.')
param principalId string

@description('Name of the Functions host\'s storage account (AzureWebJobsStorage).')
param hostStorageAccountName string

@description('Name of the case data\'s storage account (CaseStorage).')
param dataStorageAccountName string

@description('Name of the Application Insights component in this resource group.')
param appInsightsName string

@description('Built-in role Storage Blob Data Owner (same id in every tenant).')
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'

@description('Built-in role Storage Queue Data Contributor.')
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'

@description('Built-in role Storage Table Data Contributor.')
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

@description('Built-in role Monitoring Metrics Publisher (telemetry ingestion with Entra ID).')
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

@description('Roles on the host account.')
var hostRoles = [
  storageBlobDataOwner
  storageTableDataContributor
]

@description('Roles on the case data account: no blob role, the app stores no blob there.')
var dataRoles = [
  storageQueueDataContributor
  storageTableDataContributor
]

resource hostStorage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: hostStorageAccountName
}

resource dataStorage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: dataStorageAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource hostAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in hostRoles: {
    name: guid(hostStorage.id, principalId, role)
    scope: hostStorage
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      description: 'Functions host storage'
    }
  }
]

resource dataAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in dataRoles: {
    name: guid(dataStorage.id, principalId, role)
    scope: dataStorage
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      description: 'Case data (tables and queues)'
    }
  }
]

resource telemetryPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, principalId, monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    description: 'Entra-authenticated telemetry ingestion'
  }
}
