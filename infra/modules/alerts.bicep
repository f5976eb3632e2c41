// Alerts to the operators' action group (infra/README.md, "Alerts", says what
// each one means and what to do). Every alert is a scheduled log query, so it
// can count exactly what matters: HTTP 5xx answers and failed invocations
// (Application Insights), messages moved to a -poison queue (the case data
// account's queue logs) and referrals that no provider took (ReferralUnmet).

@description('Azure region of the resources.')
param location string

@description('Tags applied to every resource.')
param tags {
  @description('Tag value.')
  *: string
}

@description('Readable part of the alert names.')
param baseName string

@description('Resource id of the action group that is notified.')
param actionGroupId string

@description('Name of the Application Insights component in this resource group.')
param appInsightsName string

@description('Resource id of the Log Analytics workspace with the storage logs.')
param workspaceId string

@description('Share of HTTP requests answered 5xx in 15 minutes, in percent, above which the 5xx alert fires.')
param http5xxPercentThreshold int = 5

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

@description('Each alert: name, severity, scope (Application Insights or the workspace), query and what it means.')
var alerts = [
  {
    name: 'http-5xx'
    severity: 1
    scope: appInsights.id
    description: 'More than ${http5xxPercentThreshold}% of the API\'s answers in 15 minutes were server errors (5xx).'
    query: 'requests | where isnotempty(url) | summarize total = count(), failed = countif(toint(resultCode) >= 500) | where total > 0 and 100.0 * failed / total > ${http5xxPercentThreshold}'
  }
  {
    name: 'function-failures'
    severity: 2
    scope: appInsights.id
    description: 'A function invocation (HTTP, queue or timer) failed in the last 15 minutes.'
    query: 'requests | where success == false'
  }
  {
    name: 'poison-message'
    severity: 1
    scope: workspaceId
    description: 'A message was moved to a -poison queue of the case data: a case change, referral or notification was not processed.'
    query: 'StorageQueueLogs | where OperationName == "PutMessage" and ObjectKey endswith "-poison"'
  }
  {
    name: 'referral-unmet'
    severity: 2
    scope: appInsights.id
    description: 'A referral is unmet: no provider accepted it (custom event or metric ReferralUnmet).'
    query: 'union isfuzzy=true customEvents, customMetrics | where name == "ReferralUnmet"'
  }
]

resource rules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for alert in alerts: {
    name: 'alert-${baseName}-${alert.name}'
    location: location
    tags: tags
    properties: {
      displayName: '${baseName}: ${alert.name}'
      description: alert.description
      severity: alert.severity
      enabled: true
      scopes: [
        alert.scope
      ]
      evaluationFrequency: 'PT5M'
      windowSize: 'PT15M'
      criteria: {
        allOf: [
          {
            query: alert.query
            timeAggregation: 'Count'
            operator: 'GreaterThan'
            threshold: 0
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: true
      // A new workspace has no StorageQueueLogs table until the first queue log
      // arrives, and validation would reject the rule; the names in every query
      // are checked by the infrastructure tests instead.
      skipQueryValidation: true
      actions: {
        actionGroups: [
          actionGroupId
        ]
      }
    }
  }
]
