// The private network of the data plane: a virtual network with one subnet for
// the Function app's outbound traffic (Flex Consumption VNet integration needs
// a subnet delegated to Microsoft.App/environments) and one for the private
// endpoints of the storage accounts, and the private DNS zones that make the
// accounts' own host names resolve to those endpoints inside the network.

@description('Azure region of the resources.')
param location string

@description('Tags applied to every resource.')
param tags {
  @description('Tag value.')
  *: string
}

@description('Name of the virtual network.')
@minLength(2)
@maxLength(64)
param name string

@description('Address space of the virtual network; the two subnets take its first two /24 blocks.')
param addressPrefix string = '10.20.0.0/16'

@description('Storage services reached through private endpoints; one private DNS zone each.')
var storageServices = [
  'blob'
  'queue'
  'table'
]

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 0)
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: 'private-endpoints'
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 1)
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for service in storageServices: {
    name: 'privatelink.${service}.${environment().suffixes.storage}'
    location: 'global'
    tags: tags
  }
]

resource zoneLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (service, i) in storageServices: {
    parent: zones[i]
    name: vnet.name
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: vnet.id
      }
    }
  }
]

@description('Resource id of the subnet delegated to the Function app.')
output appSubnetId string = vnet.properties.subnets[0].id

@description('Resource id of the subnet of the private endpoints.')
output privateEndpointSubnetId string = vnet.properties.subnets[1].id

@description('Resource id of the private DNS zone of each storage service.')
output storageDnsZoneIds {
  @description('Zone of the blob service.')
  blob: string
  @description('Zone of the queue service.')
  queue: string
  @description('Zone of the table service.')
  table: string
} = {
  blob: zones[0].id
  queue: zones[1].id
  table: zones[2].id
}
