// One storage account with the blob containers, tables and queues it is given:
// used for the Functions host (AzureWebJobsStorage and the deployment package)
// and, separately, for the case data. Shared keys are disabled: every client authenticates with Microsoft Entra ID
// (the Function app with its managed identity), so there is no connection
// string or account key anywhere in the deployment.

@description('Azure region of the resources.')
param location string

@description('Tags applied to every resource.')
param tags {
  @description('Tag value.')
  *: string
}

@description('Storage account name: 3-24 lowercase letters and digits, globally unique.')
@minLength(3)
@maxLength(24)
param name string

@description('Replication of the storage account: prefer zone- or geo-redundant replication where the region offers it.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
  'Standard_RAGRS'
  'Standard_RAGZRS'
])
param skuName string

@description('Blob containers to create (private).')
param containerNames string[] = []

@description('Blob container for backups, write once: versioned blobs under a time-based retention policy. Empty for none.')
param backupContainerName string = ''

@description('Days during which a backup blob version can be neither changed nor deleted.')
@minValue(1)
@maxValue(3650)
param backupRetentionDays int = 35

@description('The backup container\'s retention policy has been locked (infra/README.md): leave it alone, since Azure accepts no update of a locked policy, only an extension.')
param backupRetentionLocked bool = false

@description('Days after which a backup blob version is deleted by the lifecycle rule (after its retention has ended). 0 for no rule.')
@minValue(0)
param backupKeepDays int = 0

@description('Microsoft Defender for Storage on this account, with sensitive data threat detection.')
param defender bool

@description('Tables to create, so the app makes no create call at start-up.')
param tableNames string[] = []

@description('Queues to create, so the app makes no create call at start-up.')
param queueNames string[] = []

@description('Refuse every network but private endpoints (public network access disabled, default action Deny).')
param privateOnly bool

@description('Resource id of the Log Analytics workspace that receives the storage diagnostics.')
param workspaceId string

@description('Put a CanNotDelete lock on the storage account so that its data cannot be deleted with the account by mistake.')
param lockAccount bool

@description('Days that deleted blobs and containers can be restored.')
@minValue(1)
@maxValue(365)
param blobSoftDeleteDays int = 7

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    supportsHttpsTrafficOnly: true
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: privateOnly ? 'Disabled' : 'Enabled'
    networkAcls: {
      defaultAction: privateOnly ? 'Deny' : 'Allow'
      bypass: 'AzureServices'
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      requireInfrastructureEncryption: true
      services: {
        blob: {
          enabled: true
        }
        file: {
          enabled: true
        }
        // Account-scoped keys for queues and tables too, so that customer-managed
        // keys can be added later; this can only be chosen when the account is created.
        queue: {
          enabled: true
          keyType: 'Account'
        }
        table: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: storage
  name: 'default'
  properties: {
    isVersioningEnabled: !empty(backupContainerName)
    deleteRetentionPolicy: {
      enabled: true
      days: blobSoftDeleteDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: blobSoftDeleteDays
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = [
  for container in containerNames: {
    parent: blobService
    name: container
    properties: {
      publicAccess: 'None'
    }
  }
]

resource backupContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = if (!empty(backupContainerName)) {
  parent: blobService
  // ARM checks the name of a resource it does not deploy, too: never empty.
  name: empty(backupContainerName) ? 'none' : backupContainerName
  properties: {
    publicAccess: 'None'
    immutableStorageWithVersioning: {
      enabled: true
    }
  }
}

// Unlocked, so that a mistaken period can still be corrected; README.md tells
// how to lock it, after which nobody (an owner included) can shorten it.
resource backupRetention 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2025-01-01' = if (!empty(backupContainerName) && !backupRetentionLocked) {
  parent: backupContainer
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: backupRetentionDays
    allowProtectedAppendWrites: false
  }
}

// Old backups go once their retention has ended: versions and blobs alike.
resource backupLifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2025-01-01' = if (!empty(backupContainerName) && backupKeepDays > 0) {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'expire-backups'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${backupContainerName}/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterCreationGreaterThan: backupKeepDays
                }
              }
              version: {
                delete: {
                  daysAfterCreationGreaterThan: backupKeepDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-01-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-01-01' = [
  for queue in queueNames: {
    parent: queueService
    name: queue
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-01-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = [
  for table in tableNames: {
    parent: tableService
    name: table
  }
]

resource accountDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: storage
  properties: {
    workspaceId: workspaceId
    metrics: [
      {
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

// Blob and queue logs at the audit category group (writes and deletes): the
// queue triggers poll every second, and logging every read would flood the workspace.
resource blobDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: blobService
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

resource queueDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: queueService
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

resource tableDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: tableService
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

// Threat detection for the account, sensitive data discovery included (it tells
// which alerts concern survivors' data). Malware scanning is off: it is billed
// per scanned GB and the app stores no uploaded files.
resource defenderSettings 'Microsoft.Security/defenderForStorageSettings@2022-12-01-preview' = if (defender) {
  name: 'current'
  scope: storage
  properties: {
    isEnabled: true
    overrideSubscriptionLevelSettings: true
    sensitiveDataDiscovery: {
      isEnabled: true
    }
    malwareScanning: {
      onUpload: {
        isEnabled: false
      }
    }
  }
}

resource accountLock 'Microsoft.Authorization/locks@2020-05-01' = if (lockAccount) {
  name: 'keep-data'
  scope: storage
  properties: {
    level: 'CanNotDelete'
    notes: 'Survivors\' case data or the app that serves it depends on this account. Remove the lock only on purpose.'
  }
}

@description('Name of the storage account.')
output name string = storage.name

@export()
@description('Service URIs of a storage account, as in its primaryEndpoints.')
type storageEndpoints = {
  @description('Blob service URI.')
  blob: string
  @description('Queue service URI.')
  queue: string
  @description('Table service URI.')
  table: string
}

@description('Service endpoints of the account, right for the cloud it is in.')
output primaryEndpoints storageEndpoints = {
  blob: storage.properties.primaryEndpoints.blob
  queue: storage.properties.primaryEndpoints.queue
  table: storage.properties.primaryEndpoints.table
}
