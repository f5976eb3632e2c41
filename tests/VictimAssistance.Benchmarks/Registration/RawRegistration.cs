using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using VictimAssistance.Core;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Security;

namespace VictimAssistance.Benchmarks.Registration;

/// <summary>
/// The baseline: a registration's storage work done directly with the SDKs (default client options), on tables
/// and queues the app does not read. The rows are those the app's own code builds for the same case, the
/// outbox message is enqueued and then the one entity-group transaction submitted, one after the other.
/// </summary>
public sealed class RawRegistration(TableClient table, QueueClient queue, CaseDetails details)
{
    private static readonly Caller Caseworker = new("benchmark-caseworker", Roles.Caseworker, new OrganizationScope("org-benchmark"));

    public static async Task<RawRegistration> CreateAsync(BenchmarkRun run, CaseDetails details, CancellationToken cancellationToken)
    {
        var table = run.Tables.GetTableClient("BaselineCases");
        var queue = run.Queues.GetQueueClient("baseline-outbox");
        await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return new RawRegistration(table, queue, details);
    }

    public async Task RegisterAsync(CancellationToken cancellationToken)
    {
        var change = Change();
        await queue.SendMessageAsync(JsonSerializer.Serialize(change.OutboxMessage(), CaseJson.Api.CaseOutboxMessage), cancellationToken).ConfigureAwait(false);
        try
        {
            await table.SubmitTransactionAsync(change.Actions(withOutbox: true), cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException failed) when (failed.Status == 409)
        {
            // The SDK retried a transaction whose first attempt was applied: the work is done, as in the app.
        }
    }

    private CaseChange Change()
    {
        var change = CaseChange.Create(
            new CaseHeadEntity { PartitionKey = CaseIds.New(), Organization = "org-benchmark", Status = CaseStatuses.Open, CreatedBy = Caseworker.Subject, RequestHash = "benchmark" },
            details,
            Caseworker,
            DateTimeOffset.UtcNow);
        change.AddEvent(CaseEvents.Registered, new CaseRegistered(details.VictimType, details.Needs?.Count ?? 0));
        foreach (var need in details.Needs ?? [])
        {
            change.RequestReferral(need.ServiceType!, need.Urgency ?? "routine", need.Notes);
        }

        return change;
    }
}
