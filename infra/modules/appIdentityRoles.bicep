// Least-privilege data-plane roles of the app's user-assigned identity, created
// before the Function app so that its first start already has them: on the host
// account what the Functions host needs there (blobs for locks, timers and the
// deployment package; tables for its diagnostic events); on the case data
// account each role on each table and queue the app uses, not on the account;
// on the backup account, adding blobs to the backup container only; and
// telemetry ingestion into Application Insights. Names are deterministic: a
// redeployment duplicates nothing.

@description('Object (principal) id of the app\'s user-assigned identity.')
param principalId string

@description('Name of the Functions host\'s storage account (AzureWebJobsStorage).')
param hostStorageAccountName string

@description('Name of the case data\'s storage account (CaseStorage).')
param dataStorageAccountName string

@description('Tables of the case data account that the app reads and writes.')
param tableNames string[]

@description('Queues of the case data account that the app and its queue triggers use (-poison queues included).')
param queueNames string[]

@description('Name of the backup storage account.')
param backupStorageAccountName string

@description('Container of the backup account that the scheduled export writes to.')
param backupContainerName string

@description('Name of the Application Insights component in this resource group.')
param appInsightsName string

@description('Built-in role Storage Blob Data Owner (same id in every tenant).')
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'

@description('Built-in role Storage Blob Data Contributor: the backups are write-once, so writing is all it can do there.')
var storageBlobDataContributor = 'ba92f5b4-2d11-453e-a403-e96b0029c9fe'

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

resource hostStorage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: hostStorageAccountName
}

resource dataStorage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: dataStorageAccountName

  resource tableService 'tableServices' existing = {
    name: 'default'
  }

  resource queueService 'queueServices' existing = {
    name: 'default'
  }
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' existing = [
  for table in tableNames: {
    parent: dataStorage::tableService
    name: table
  }
]

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-01-01' existing = [
  for queue in queueNames: {
    parent: dataStorage::queueService
    name: queue
  }
]

resource backupContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' existing = {
  name: '${backupStorageAccountName}/default/${backupContainerName}'
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

resource tableAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (table, i) in tableNames: {
    name: guid(tables[i].id, principalId, storageTableDataContributor)
    scope: tables[i]
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributor)
      description: 'Case data table ${table}'
    }
  }
]

resource queueAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (queue, i) in queueNames: {
    name: guid(queues[i].id, principalId, storageQueueDataContributor)
    scope: queues[i]
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataContributor)
      description: 'Case data queue ${queue}'
    }
  }
]

resource backupWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(backupContainer.id, principalId, storageBlobDataContributor)
  scope: backupContainer
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
    description: 'Scheduled export of the case tables (write-once container)'
  }
}

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
