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

resource koboTokens 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = [
  for (entry, i) in items(intakeKeys): if (contains(koboProjects, entry.value)) {
    parent: vault
    name: 'kobo-api-token-${i}'
    properties: {
      value: koboProjects[entry.value].apiToken
      contentType: 'KoboToolbox API token of ${entry.value}'
    }
  }
]
