// Private endpoints of one storage account, one per service, each registered
// in the private DNS zone of its service.

@description('Azure region of the resources.')
param location string

@description('Tags applied to every resource.')
param tags {
  @description('Tag value.')
  *: string
}

@description('Name of the storage account in this resource group.')
param storageAccountName string

@description('Storage services to reach privately.')
param services ('blob' | 'queue' | 'table')[]

@description('Resource id of the subnet that holds the private endpoints.')
param subnetId string

@description('Resource id of the private DNS zone of each service.')
param dnsZoneIds {
  @description('Zone of the blob service.')
  blob: string
  @description('Zone of the queue service.')
  queue: string
  @description('Zone of the table service.')
  table: string
}

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource endpoints 'Microsoft.Network/privateEndpoints@2024-05-01' = [
  for service in services: {
    name: 'pe-${storage.name}-${service}'
    location: location
    tags: tags
    properties: {
      subnet: {
        id: subnetId
      }
      privateLinkServiceConnections: [
        {
          name: service
          properties: {
            privateLinkServiceId: storage.id
            groupIds: [
              service
            ]
          }
        }
      ]
    }
  }
]

resource dnsZoneGroups 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = [
  for (service, i) in services: {
    parent: endpoints[i]
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: service
          properties: {
            privateDnsZoneId: dnsZoneIds[service]
          }
        }
      ]
    }
  }
]
