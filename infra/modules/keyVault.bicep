// The Key Vault of the app's secrets: the KoboToolbox intake keys, one secret
// each (intake-key-0, intake-key-1, ...), which the app reads through Key Vault
// references. Access by Azure RBAC only; soft delete and purge protection keep
// a deleted secret recoverable. With privateOnly the vault refuses every public
// network and is reached through a private endpoint: the app resolves its
// references through its VNet integration, and the deployment still writes the
// secrets, since Resource Manager operations are not subject to the vault's firewall.

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

@description('KoboToolbox projects that the reconciliation pulls, by the organisation of an intake key: { "<organisation>": { "serverUrl": "https://…", "assetUid": "…", "apiToken": "…" } }. The token of the n-th intake key\'s project becomes secret kobo-api-token-<n>.')
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

@description('Principal id of the app\'s identity, given Key Vault Secrets User.')
param principalId string

@description('Resource id of the Log Analytics workspace that receives the vault\'s audit logs.')
param workspaceId string

@description('Refuse every network but the private endpoint (public network access disabled, default action Deny).')
param privateOnly bool

@description('Resource id of the subnet of the private endpoint; empty without privateOnly.')
param privateEndpointSubnetId string

@description('Resource id of the private DNS zone privatelink.vaultcore.azure.net; empty without privateOnly.')
param privateDnsZoneId string

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
    publicNetworkAccess: privateOnly ? 'Disabled' : 'Enabled'
    networkAcls: {
      defaultAction: privateOnly ? 'Deny' : 'Allow'
      bypass: 'None'
    }
  }
}

module secrets 'intakeKeySecrets.bicep' = {
  params: {
    vaultName: vault.name
    intakeKeys: intakeKeys
    koboProjects: koboProjects
  }
}

resource endpoint 'Microsoft.Network/privateEndpoints@2024-05-01' = if (privateOnly) {
  name: 'pe-${name}-vault'
  location: location
  tags: tags
  properties: {
    subnet: {
      id: privateEndpointSubnetId
    }
    privateLinkServiceConnections: [
      {
        name: 'vault'
        properties: {
          privateLinkServiceId: vault.id
          groupIds: [
            'vault'
          ]
        }
      }
    ]
  }
}

resource endpointDns 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = if (privateOnly) {
  parent: endpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: 'vault'
        properties: {
          privateDnsZoneId: privateDnsZoneId
        }
      }
    ]
  }
}

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
