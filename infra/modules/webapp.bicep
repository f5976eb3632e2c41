// The web app (issue 25) and the API on one origin. The web app's files are
// served by Azure Static Web Apps (Standard); an Azure Front Door (Standard)
// endpoint is the one origin people open: /api/* goes to the Function app,
// everything else to the static web app. So the UI calls the API at /api on
// its own origin, as under the LocalHost, its Content-Security-Policy can stay
// connect-src 'self', and the Function app needs no CORS at all.
//
// Not a linked backend of the static web app: Static Web Apps replaces the
// Authorization header of requests it proxies to a linked Functions backend
// (Azure/static-web-apps#34, "by design"), which would drop the Entra bearer
// token the API reads; linking also gives the static web app exclusive access
// to the Function app, which KoboToolbox and providers' own clients call.
// Front Door forwards the Authorization header unchanged and caches nothing
// here (no route has a cache configuration): every answer is the origin's.

@description('Tags applied to every resource.')
param tags {
  @description('Tag value.')
  *: string
}

@description('Region of the static web app\'s management resource (the files are served from Azure\'s edge): one of the Static Web Apps regions.')
param staticSiteLocation string

@description('Name of the static web app.')
@minLength(2)
@maxLength(40)
param staticSiteName string

@description('Name of the Front Door profile.')
@minLength(1)
@maxLength(260)
param frontDoorName string

@description('Name of the Front Door endpoint: the web app\'s host name is <name>-<hash>.<zone>.azurefd.net.')
@minLength(2)
@maxLength(46)
param endpointName string

@description('Default host name of the Function app (<name>.azurewebsites.net).')
param functionAppHostName string

@description('Resource id of the Log Analytics workspace that receives Front Door\'s access and health probe logs.')
param workspaceId string

resource staticSite 'Microsoft.Web/staticSites@2024-11-01' = {
  name: staticSiteName
  location: staticSiteLocation
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    // No preview environments: a build that is not the release is never public.
    stagingEnvironmentPolicy: 'Disabled'
    allowConfigFileUpdates: true
  }
}

resource profile 'Microsoft.Cdn/profiles@2024-09-01' = {
  name: frontDoorName
  location: 'global'
  tags: tags
  sku: {
    name: 'Standard_AzureFrontDoor'
  }
  properties: {
    originResponseTimeoutSeconds: 60
  }
}

resource endpoint 'Microsoft.Cdn/profiles/afdEndpoints@2024-09-01' = {
  parent: profile
  name: endpointName
  location: 'global'
  tags: tags
  properties: {
    enabledState: 'Enabled'
  }
}

resource apiOrigins 'Microsoft.Cdn/profiles/originGroups@2024-09-01' = {
  parent: profile
  name: 'api'
  properties: {
    loadBalancingSettings: {
      sampleSize: 4
      successfulSamplesRequired: 3
      additionalLatencyInMilliseconds: 50
    }
    healthProbeSettings: {
      probePath: '/api/health'
      probeRequestType: 'GET'
      probeProtocol: 'Https'
      probeIntervalInSeconds: 100
    }
  }
}

resource apiOrigin 'Microsoft.Cdn/profiles/originGroups/origins@2024-09-01' = {
  parent: apiOrigins
  name: 'function-app'
  properties: {
    hostName: functionAppHostName
    originHostHeader: functionAppHostName
    httpsPort: 443
    enforceCertificateNameCheck: true
    enabledState: 'Enabled'
  }
}

resource webOrigins 'Microsoft.Cdn/profiles/originGroups@2024-09-01' = {
  parent: profile
  name: 'web'
  properties: {
    loadBalancingSettings: {
      sampleSize: 4
      successfulSamplesRequired: 3
      additionalLatencyInMilliseconds: 50
    }
    healthProbeSettings: {
      probePath: '/'
      probeRequestType: 'HEAD'
      probeProtocol: 'Https'
      probeIntervalInSeconds: 100
    }
  }
}

resource webOrigin 'Microsoft.Cdn/profiles/originGroups/origins@2024-09-01' = {
  parent: webOrigins
  name: 'static-web-app'
  properties: {
    hostName: staticSite.properties.defaultHostname
    originHostHeader: staticSite.properties.defaultHostname
    httpsPort: 443
    enforceCertificateNameCheck: true
    enabledState: 'Enabled'
  }
}

// The more specific pattern wins: /api/* never reaches the static web app.
resource apiRoute 'Microsoft.Cdn/profiles/afdEndpoints/routes@2024-09-01' = {
  parent: endpoint
  name: 'api'
  dependsOn: [
    apiOrigin
  ]
  properties: {
    originGroup: {
      id: apiOrigins.id
    }
    patternsToMatch: [
      '/api/*'
    ]
    supportedProtocols: [
      'Https'
      'Http'
    ]
    httpsRedirect: 'Enabled'
    forwardingProtocol: 'HttpsOnly'
    linkToDefaultDomain: 'Enabled'
    enabledState: 'Enabled'
  }
}

resource webRoute 'Microsoft.Cdn/profiles/afdEndpoints/routes@2024-09-01' = {
  parent: endpoint
  name: 'web'
  dependsOn: [
    webOrigin
  ]
  properties: {
    originGroup: {
      id: webOrigins.id
    }
    patternsToMatch: [
      '/*'
    ]
    supportedProtocols: [
      'Https'
      'Http'
    ]
    httpsRedirect: 'Enabled'
    forwardingProtocol: 'HttpsOnly'
    linkToDefaultDomain: 'Enabled'
    enabledState: 'Enabled'
  }
}

// Who reached which route, and whether each origin answered its probe. The
// paths carry ids only (the web app puts no survivor data in a URL).
resource frontDoorLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: profile
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'FrontDoorAccessLog'
        enabled: true
      }
      {
        category: 'FrontDoorHealthProbeLog'
        enabled: true
      }
    ]
  }
}

@description('The one origin of the web app and the API (https://<endpoint host>): the sign-in redirect URI, and what people open.')
output url string = 'https://${endpoint.properties.hostName}'

@description('Name of the static web app (for its deployment token).')
output staticSiteName string = staticSite.name

@description('The Front Door profile\'s id, sent by Front Door in X-Azure-FDID (the static web app accepts only requests that carry it).')
output frontDoorId string = profile.properties.frontDoorId
