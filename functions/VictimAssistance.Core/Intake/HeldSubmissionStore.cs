using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Intake;

/// <summary>A submission that could not become a case, kept for its organisation's caseworkers to correct or discard.</summary>
public sealed record HeldSubmission(
    string Organization, string HoldId, DateTimeOffset ReceivedAt, string? FormVersion, IReadOnlyDictionary<string, string[]> Faults, JsonObject Submission);

/// <summary>
/// The HeldSubmissions table: one partition per organisation (a query never crosses organisations), one row per
/// held submission. The submission is kept as posted, in binary chunks: a body of up to 256 KiB exceeds one property.
/// </summary>
public sealed class HeldSubmissionStore(StorageClients storage)
{
    private const int ChunkBytes = 60 * 1024;
    public const string ReceivedAtColumn = "ReceivedAt";
    private const string ReceivedAt = ReceivedAtColumn;
    private const string FormVersion = nameof(FormVersion);
    private const string Faults = nameof(Faults);
    private const string Chunk = "Submission";

    // As posted: non-ASCII answers stay UTF-8 rather than six-byte escapes, so a body within the request limit
    // (256 KiB) stays within one entity (1 MiB).
    private static readonly JsonSerializerOptions AsPosted = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] SummaryProperties = ["PartitionKey", "RowKey", ReceivedAt, FormVersion, Faults];

    private TableClient Rows => storage.Table(TableNames.HeldSubmissions);

    /// <summary>
    /// Stores a held submission. The same submission delivered again (a retry, the pull) meets its hold and leaves it
    /// as it is, so the hold keeps the time it was first received, which the overdue alert counts from.
    /// </summary>
    public async Task HoldAsync(HeldSubmission held, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(held.Organization, held.HoldId)
        {
            [ReceivedAt] = held.ReceivedAt,
            [FormVersion] = held.FormVersion,
            [Faults] = JsonSerializer.Serialize(held.Faults, IntakeJson.Default.IReadOnlyDictionaryStringStringArray),
        };
        var body = Encoding.UTF8.GetBytes(held.Submission.ToJsonString(AsPosted));
        for (var index = 0; index * ChunkBytes < body.Length; index++)
        {
            entity[Chunk + index] = body.AsSpan(index * ChunkBytes, Math.Min(ChunkBytes, body.Length - (index * ChunkBytes))).ToArray();
        }

        try
        {
            await Rows.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException conflict) when (conflict.Status == 409)
        {
            // Already held.
        }
    }

    public async Task<HeldSubmission?> FindAsync(string organization, string holdId, CancellationToken cancellationToken)
    {
        var row = await Rows.GetEntityIfExistsAsync<TableEntity>(organization, holdId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!row.HasValue)
        {
            return null;
        }

        return ToHeld(row.Value!, Body(row.Value!));
    }

    /// <summary>One page of an organisation's held submissions, without their bodies.</summary>
    public async Task<(IReadOnlyList<HeldSubmission> Items, string? ContinuationToken)> ListAsync(string organization, int limit, string? afterHoldId, CancellationToken cancellationToken)
    {
        var (rows, next) = await ListPages.ReadAsync<TableEntity>(Rows, ListPages.PartitionAfter(organization, afterHoldId), limit, cancellationToken, SummaryProperties)
            .ConfigureAwait(false);
        return (rows.Select(row => ToHeld(row, [])).ToList(), next);
    }

    /// <summary>Deletes the organisation's held submissions of the case (edits of it held for correction): an erasure leaves none.</summary>
    public async Task RemoveOfCaseAsync(string organization, string caseId, CancellationToken cancellationToken)
    {
        await foreach (var row in Rows.QueryAsync<TableEntity>(ListPages.PartitionAfter(organization, null), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (KoboSubmissionReader.CaseKey(Body(row)) is { } key && CaseIds.FromSubmission(organization, key) == caseId)
            {
                await Rows.DeleteEntityAsync(row.PartitionKey, row.RowKey, Azure.ETag.All, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task RemoveAsync(string organization, string holdId, CancellationToken cancellationToken) =>
        await Rows.DeleteEntityAsync(organization, holdId, Azure.ETag.All, cancellationToken).ConfigureAwait(false);

    private static JsonObject Body(TableEntity row)
    {
        using var body = new MemoryStream();
        for (var index = 0; row.GetBinary(Chunk + index) is { } chunk; index++)
        {
            body.Write(chunk);
        }

        return JsonNode.Parse(body.ToArray())!.AsObject();
    }

    private static HeldSubmission ToHeld(TableEntity row, JsonObject submission) => new(
        row.PartitionKey,
        row.RowKey,
        row.GetDateTimeOffset(ReceivedAt)!.Value,
        row.GetString(FormVersion),
        JsonSerializer.Deserialize(row.GetString(Faults)!, IntakeJson.Default.IReadOnlyDictionaryStringStringArray)!,
        submission);
}
