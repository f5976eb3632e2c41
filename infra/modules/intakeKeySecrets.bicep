// The KoboToolbox intake keys as secrets intake-key-0, intake-key-1, ... of the
// Key Vault. A module of its own: its loop counts a secure parameter, which no
// offline prediction can expand, and keyVault.bicep must stay predictable.

@description('Name of the Key Vault in this resource group.')
param vaultName string

@description('KoboToolbox intake keys mapped to organisations: { "<key>": "<organisation>" }. The n-th key (in the order of items()) becomes secret intake-key-<n>.')
@secure()
param intakeKeys {
  @description('Organisation whose submissions arrive with this key.')
  *: string
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: vaultName
}

resource secrets 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = [
  for (entry, i) in items(intakeKeys): {
    parent: vault
    name: 'intake-key-${i}'
    properties: {
      value: entry.key
      contentType: 'KoboToolbox intake key of ${entry.value}'
    }
  }
]
