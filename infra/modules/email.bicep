// Email notices to providers (issue 24) through Azure Communication Services
// Email's SMTP endpoint: an Email Communication Service with its sending domain
// (Azure-managed, or your own verified domain), linked to a Communication
// Service. User engagement tracking is off (no tracking pixels or rewritten
// links in a message about a survivor's referral).
//
// SMTP signs in with a Microsoft Entra application that you create (README.md,
// "Email"): it gets a custom role with exactly the three permissions SMTP
// needs, on the Communication Service only. Its user name and client secret
// are Key Vault secrets (email-smtp-username, email-smtp-password) that the
// app's settings reference; neither is ever an app setting in clear. Without
// an application no credential is written, and the app records each email
// notice as email_not_configured.

@description('Tags applied to every resource.')
param tags {
  @description('Tag value.')
  *: string
}

@description('Name of the Communication Service.')
@minLength(1)
@maxLength(63)
param communicationServiceName string

@description('Name of the Email Communication Service.')
@minLength(1)
@maxLength(63)
param emailServiceName string

@description('Where Communication Services keeps its data at rest (e.g. Europe, United States, UK).')
param dataLocation string

@description('Your own sending domain (e.g. notices.programme.example), verified in DNS after the first deployment; empty for an Azure-managed domain (<guid>.azurecomm.net), which sends at once but with low limits.')
param customDomain string

@description('Application (client) id of the Microsoft Entra application that SMTP signs in as; empty: no credentials, no email.')
param smtpClientId string

@description('Object id of that application\'s service principal, given the SMTP sender role on the Communication Service.')
param smtpPrincipalId string

@description('A client secret of that application: Key Vault secret email-smtp-password.')
@secure()
param smtpClientSecret string

@description('Name of the Key Vault in this resource group that keeps the SMTP credentials.')
param vaultName string

@description('The three permissions SMTP authentication needs on the Communication Service (Communication Services docs, "SMTP authentication").')
var smtpActions = [
  'Microsoft.Communication/CommunicationServices/Read'
  'Microsoft.Communication/CommunicationServices/Write'
  'Microsoft.Communication/EmailServices/write'
]

@description('Whether SMTP credentials are provisioned.')
var withCredentials = !empty(smtpClientId)

resource emailService 'Microsoft.Communication/emailServices@2025-05-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

resource domain 'Microsoft.Communication/emailServices/domains@2025-05-01' = {
  parent: emailService
  name: empty(customDomain) ? 'AzureManagedDomain' : customDomain
  location: 'global'
  tags: tags
  properties: {
    domainManagement: empty(customDomain) ? 'AzureManaged' : 'CustomerManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource communicationService 'Microsoft.Communication/communicationServices@2025-05-01' = {
  name: communicationServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    // No access keys: SMTP signs in with Entra ID, and nothing else sends.
    disableLocalAuth: true
    linkedDomains: [
      domain.id
    ]
  }
}

resource smtpSenderRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = if (withCredentials) {
  name: guid(resourceGroup().id, 'victim-assistance-smtp-sender')
  properties: {
    roleName: 'Victim Assistance SMTP sender (${resourceGroup().name})'
    description: 'Send email through the Communication Service\'s SMTP endpoint, and nothing else.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: smtpActions
        notActions: []
      }
    ]
  }
}

resource smtpSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (withCredentials) {
  name: guid(communicationService.id, smtpPrincipalId, 'smtp-sender')
  scope: communicationService
  properties: {
    principalId: smtpPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: smtpSenderRole.id
    description: 'SMTP authentication of the email notices'
  }
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: vaultName
}

// The SMTP user name is <Communication Service>.<application id>.<tenant id>.
resource smtpUserName 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (withCredentials) {
  parent: vault
  name: 'email-smtp-username'
  properties: {
    value: '${communicationService.name}.${smtpClientId}.${tenant().tenantId}'
    contentType: 'SMTP user name of the email notices'
  }
}

resource smtpPassword 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (withCredentials) {
  parent: vault
  name: 'email-smtp-password'
  properties: {
    value: smtpClientSecret
    contentType: 'Client secret of the SMTP application (it expires: renew it before)'
  }
}

@description('The domain that mail is sent from (the Azure-managed <guid>.azurecomm.net, or your own).')
output senderDomain string = domain.properties.mailFromSenderDomain
