// The private network of the data plane: a virtual network with one subnet for
// the Function app's outbound traffic (Flex Consumption VNet integration needs
// a subnet delegated to Microsoft.App/environments) and one for the private
// endpoints of the storage accounts and the Key Vault, each subnet with a
// network security group (Azure's default rules: traffic inside the network
// only, nothing inbound from the internet), and the private DNS zones that make
// the services' own host names resolve to those endpoints inside the network.

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

@description('Name of the subnet delegated to the Function app.')
param appSubnetName string

@description('Name of the subnet of the private endpoints.')
param privateEndpointSubnetName string

@description('Address space of the virtual network; the two subnets take its first two /24 blocks.')
param addressPrefix string = '10.20.0.0/16'

@description('Storage services reached through private endpoints; one private DNS zone each.')
var storageServices = [
  'blob'
  'queue'
  'table'
]

@description('Private DNS zone of Key Vault private endpoints (the same name in every public Azure region).')
var keyVaultZoneName = 'privatelink.vaultcore.azure.net'

@description('The two subnets, each with its network security group.')
var subnetNames = [
  appSubnetName
  privateEndpointSubnetName
]

resource securityGroups 'Microsoft.Network/networkSecurityGroups@2024-05-01' = [
  for subnet in subnetNames: {
    name: 'nsg-${name}-${subnet}'
    location: location
    tags: tags
    properties: {
      securityRules: []
    }
  }
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
        name: subnetNames[0]
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 0)
          networkSecurityGroup: {
            id: securityGroups[0].id
          }
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
        name: subnetNames[1]
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 1)
          networkSecurityGroup: {
            id: securityGroups[1].id
          }
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

resource keyVaultZone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: keyVaultZoneName
  location: 'global'
  tags: tags
}

resource keyVaultZoneLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  parent: keyVaultZone
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

@description('Resource id of the private DNS zone of Key Vault.')
output keyVaultDnsZoneId string = keyVaultZone.id
