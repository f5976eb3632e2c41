using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Telemetry;

namespace VictimAssistance.Core.Intake;

/// <summary>An organisation's held submissions: how many, how many waited longer than <c>Intake:HeldAlertAfter</c>, and since when.</summary>
public sealed record HeldOrganizationFigures(string Organization, int Held, int Overdue, DateTimeOffset OldestReceivedAt);

public sealed record HeldSubmissionFigures(TimeSpan OverdueAfter, IReadOnlyList<HeldOrganizationFigures> Organizations);

/// <summary>
/// Counts the held submissions of every organisation (counts and times only, never a value), and raises the
/// alert path (metric <c>va.intake.held.overdue</c> and a warning) while any waited longer than allowed: a held
/// submission is a survivor not yet registered.
/// </summary>
public sealed partial class HeldSubmissionWatch(StorageClients storage, IOptions<IntakeOptions> options, TimeProvider time, ILogger<HeldSubmissionWatch> logger)
{
    private static readonly string[] Columns = ["PartitionKey", HeldSubmissionStore.ReceivedAtColumn];

    public async Task<HeldSubmissionFigures> FiguresAsync(CancellationToken cancellationToken)
    {
        var overdueBefore = time.GetUtcNow() - options.Value.HeldAlertAfter;
        var received = new List<(string Organization, DateTimeOffset ReceivedAt)>();
        await foreach (var row in storage.Table(TableNames.HeldSubmissions).QueryAsync<TableEntity>(select: Columns, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            received.Add((row.PartitionKey, row.GetDateTimeOffset(HeldSubmissionStore.ReceivedAtColumn)!.Value));
        }

        var organizations = received
            .GroupBy(item => item.Organization, StringComparer.Ordinal)
            .Select(group => new HeldOrganizationFigures(group.Key, group.Count(), group.Count(item => item.ReceivedAt < overdueBefore), group.Min(item => item.ReceivedAt)))
            .OrderBy(figures => figures.Organization, StringComparer.Ordinal)
            .ToList();
        return new HeldSubmissionFigures(options.Value.HeldAlertAfter, organizations);
    }

    /// <summary>The timer's check: the figures, and the alert for every organisation with overdue held submissions.</summary>
    public async Task<HeldSubmissionFigures> AlertOverdueAsync(CancellationToken cancellationToken)
    {
        var figures = await FiguresAsync(cancellationToken).ConfigureAwait(false);
        foreach (var organization in figures.Organizations.Where(item => item.Overdue > 0))
        {
            AppTelemetry.HeldSubmissionsOverdue.Add(organization.Overdue, new KeyValuePair<string, object?>("organization", organization.Organization));
            LogOverdue(logger, organization.Overdue, organization.Organization, figures.OverdueAfter);
        }

        return figures;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Overdue} held KoboToolbox submissions of organisation {Organization} have waited longer than {OverdueAfter} for a caseworker to correct or discard them.")]
    private static partial void LogOverdue(ILogger logger, int overdue, string organization, TimeSpan overdueAfter);
}
