// The Key Vault of the app's secrets: the KoboToolbox intake keys, one secret
// each (intake-key-0, intake-key-1, ...), which the app reads through Key Vault
// references. Access by Azure RBAC only; soft delete and purge protection keep
// a deleted secret recoverable.

@description('Azure region of the resources.')
param location string

@description('Tags applied to every resource.')
param tags {
  @description('Tag value.')
  *: string
}

@description('Name of the Key Vault: 3-24 letters, digits and hyphens, globally unique.')
@minLength(3)
@maxLength(24)
param name string

@description('KoboToolbox intake keys mapped to organisations: { "<key>": "<organisation>" }. The n-th key (in the order of items()) becomes secret intake-key-<n>.')
@secure()
param intakeKeys {
  @description('Organisation whose submissions arrive with this key.')
  *: string
}

@description('Principal id of the app\'s identity, given Key Vault Secrets User.')
param principalId string

@description('Resource id of the Log Analytics workspace that receives the vault\'s audit logs.')
param workspaceId string

@description('Built-in role Key Vault Secrets User (read secret values).')
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
  }
}

resource intakeKeySecrets 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = [
  for (entry, i) in items(intakeKeys): {
    parent: vault
    name: 'intake-key-${i}'
    properties: {
      value: entry.key
      contentType: 'KoboToolbox intake key of ${entry.value}'
    }
  }
]

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    description: 'Key Vault references of the app settings'
  }
}

resource vaultDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: vault
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
  }
}

@description('URI of the vault, ending in a slash (https://<name>.vault.azure.net/ in the public cloud).')
output vaultUri string = vault.properties.vaultUri
