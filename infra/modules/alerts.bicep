// Alerts to the operators' action group (infra/README.md, "Alerts", says what
// each one means and what to do). Scheduled log queries count exactly what
// matters: HTTP 5xx answers and failed invocations, the app's own metrics
// (AppTelemetry.cs: unmet referrals, failed notifications), failed checks of
// /api/health, messages moved to a -poison queue (queue logs), failed Key Vault
// reads (unresolved references) and case table reads by anyone but the app.
// An activity log alert reports role assignment and lock changes, and a
// budget the resource group's cost.

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

@description('Name of the case data storage account (its table reads are watched).')
param dataStorageAccountName string

@description('Object (principal) id of the app\'s identity: the one principal expected to read the case tables.')
param appPrincipalId string

@description('Host name of the Function app, whose /api/health the availability test calls.')
param functionAppHostName string

@description('Monthly cost budget of the resource group.')
param monthlyBudget int

@description('First day of the budget (yyyy-MM-01).')
param budgetStartDate string

@description('Share of HTTP requests answered 5xx in 15 minutes, in percent, above which the 5xx alert fires.')
param http5xxPercentThreshold int = 5

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

@description('Name of the availability test, as availabilityResults reports it.')
var healthTestName = '${baseName}: /api/health'

// Calls /api/health every 5 minutes from three regions.
resource healthTest 'Microsoft.Insights/webtests@2022-06-15' = {
  name: 'health-${baseName}'
  location: location
  tags: union(tags, {
    'hidden-link:${appInsights.id}': 'Resource'
  })
  kind: 'standard'
  properties: {
    SyntheticMonitorId: 'health-${baseName}'
    Name: healthTestName
    Kind: 'standard'
    Enabled: true
    Frequency: 300
    Timeout: 30
    RetryEnabled: true
    Locations: [
      {
        Id: 'emea-nl-ams-azr'
      }
      {
        Id: 'emea-gb-db3-azr'
      }
      {
        Id: 'us-va-ash-azr'
      }
    ]
    Request: {
      RequestUrl: 'https://${functionAppHostName}/api/health'
      HttpVerb: 'GET'
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 7
    }
  }
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
    name: 'health-unavailable'
    severity: 1
    scope: appInsights.id
    description: 'A check of /api/health failed: the API is down or cannot reach its storage.'
    query: 'availabilityResults | where name == "${healthTestName}" and success == false'
  }
  {
    name: 'poison-message'
    severity: 1
    scope: workspaceId
    description: 'A message was moved to a -poison queue of the case data: a case change, referral or notification was not processed.'
    // ObjectKey of a message operation is /<account>/<queue>/messages.
    query: 'StorageQueueLogs | where OperationName == "PutMessage" and ObjectKey endswith "-poison/messages"'
  }
  {
    name: 'referral-unmet'
    severity: 2
    scope: appInsights.id
    description: 'A referral is unmet: no eligible provider (metric va.referrals.unmet).'
    query: 'customMetrics | where name == "va.referrals.unmet"'
  }
  {
    name: 'held-submission-overdue'
    severity: 2
    scope: appInsights.id
    description: 'A held KoboToolbox submission waited longer than Intake__HeldAlertAfter: a survivor is not registered until a caseworker corrects or discards it (metric va.intake.held.overdue).'
    query: 'customMetrics | where name == "va.intake.held.overdue"'
  }
  {
    name: 'notification-failed'
    severity: 2
    scope: appInsights.id
    description: 'A provider notification was given up on (metric va.notifications.failed).'
    query: 'customMetrics | where name == "va.notifications.failed"'
  }
  {
    name: 'keyvault-read-failed'
    severity: 1
    scope: workspaceId
    description: 'A Key Vault secret read failed: an app setting\'s Key Vault reference (an intake key) may be unresolved.'
    query: 'AzureDiagnostics | where ResourceProvider == "MICROSOFT.KEYVAULT" and OperationName == "SecretGet" and toint(httpStatusCode_d) >= 400'
  }
  {
    name: 'case-table-read-by-other'
    severity: 1
    scope: workspaceId
    description: 'A principal other than the app\'s identity read the case tables.'
    query: 'StorageTableLogs | where AccountName == "${dataStorageAccountName}" and OperationName startswith "Query" and RequesterObjectId != "${appPrincipalId}"'
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
      // A new workspace has no StorageQueueLogs or StorageTableLogs table until
      // the first log arrives, and validation would reject the rule; the names
      // in every query are checked by the infrastructure tests instead.
      skipQueryValidation: true
      actions: {
        actionGroups: [
          actionGroupId
        ]
      }
    }
  }
]

// The backup timer runs nightly: two days without a completed backup means it
// stopped (a failed run also fires function-failures at once).
resource backupMissing 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-${baseName}-backup-missing'
  location: location
  tags: tags
  properties: {
    displayName: '${baseName}: backup-missing'
    description: 'No backup of the case tables completed in two days (metric va.backups.completed).'
    severity: 1
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT1H'
    windowSize: 'P2D'
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "va.backups.completed"'
          timeAggregation: 'Count'
          operator: 'LessThan'
          threshold: 1
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    skipQueryValidation: true
    actions: {
      actionGroups: [
        actionGroupId
      ]
    }
  }
}

// Who changed a role assignment or a lock in this resource group.
resource accessChanges 'Microsoft.Insights/activityLogAlerts@2020-10-01' = {
  name: 'alert-${baseName}-access-changes'
  location: 'global'
  tags: tags
  properties: {
    description: 'A role assignment or a resource lock of the resource group was created or deleted.'
    enabled: true
    scopes: [
      resourceGroup().id
    ]
    condition: {
      allOf: [
        {
          field: 'category'
          equals: 'Administrative'
        }
        {
          anyOf: [
            {
              field: 'operationName'
              equals: 'Microsoft.Authorization/roleAssignments/write'
            }
            {
              field: 'operationName'
              equals: 'Microsoft.Authorization/roleAssignments/delete'
            }
            {
              field: 'operationName'
              equals: 'Microsoft.Authorization/locks/write'
            }
            {
              field: 'operationName'
              equals: 'Microsoft.Authorization/locks/delete'
            }
          ]
        }
      ]
    }
    actions: {
      actionGroups: [
        {
          actionGroupId: actionGroupId
        }
      ]
    }
  }
}

resource budget 'Microsoft.Consumption/budgets@2024-08-01' = {
  name: 'budget-${baseName}'
  properties: {
    category: 'Cost'
    amount: monthlyBudget
    timeGrain: 'Monthly'
    timePeriod: {
      startDate: budgetStartDate
    }
    notifications: {
      forecast80: {
        enabled: true
        operator: 'GreaterThan'
        threshold: 80
        thresholdType: 'Forecasted'
        contactEmails: []
        contactGroups: [
          actionGroupId
        ]
      }
      actual100: {
        enabled: true
        operator: 'GreaterThanOrEqualTo'
        threshold: 100
        thresholdType: 'Actual'
        contactEmails: []
        contactGroups: [
          actionGroupId
        ]
      }
    }
  }
}
