// Microsoft Defender for Key Vault and for App Service. Both are plans of the
// whole subscription (Azure has no per-resource setting for them), so this
// module is deployed at subscription scope and needs the Security Admin or
// Owner role there; Defender for Storage is set per account in storage.bicep.

targetScope = 'subscription'

resource keyVaults 'Microsoft.Security/pricings@2024-01-01' = {
  name: 'KeyVaults'
  properties: {
    pricingTier: 'Standard'
    subPlan: 'PerKeyVault'
  }
}

resource appServices 'Microsoft.Security/pricings@2024-01-01' = {
  name: 'AppServices'
  properties: {
    pricingTier: 'Standard'
  }
}
