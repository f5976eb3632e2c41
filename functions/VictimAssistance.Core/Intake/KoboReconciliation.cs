using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace VictimAssistance.Core.Intake;

/// <summary>What one pull found in one KoboToolbox project: counts and the cursor, ids only.</summary>
public sealed record KoboPullSource(string Organization, string AssetUid, string Outcome, int Fetched, int EditsChecked, int Registered, int Applied, int Held, int Refused, long Cursor);

public sealed record KoboPullReport(IReadOnlyList<KoboPullSource> Sources);

/// <summary>One page of KoboToolbox's v2 data endpoint.</summary>
public sealed record KoboDataPage(string? Next, IReadOnlyList<JsonObject> Results);

/// <summary>
/// Pulls what KoboToolbox's REST Services did not deliver (a 4xx answer, an outage longer than its retries): every
/// submission of each configured project with an <c>_id</c> above the stored cursor, oldest first, through the same
/// path as the push, so a submission pushed and pulled still makes one case. An edit keeps its submission's
/// <c>_id</c> and KoboToolbox records no time of change (kobotoolbox/kpi#7259), so every run also reads the edited
/// submissions (those with <c>meta/deprecatedID</c>) again; their markers make a version already taken in change
/// nothing. A server that is down or answers 5xx keeps the cursor for the next run; a refused token (401/403) is
/// logged as an error on every run until fixed.
/// </summary>
public sealed partial class KoboReconciliation(IOptions<IntakeOptions> options, IHttpClientFactory clients, IntakeService intake, KoboCursors cursors, ILogger<KoboReconciliation> logger)
{
    public const string ClientName = "kobo";
    public const int PageSize = 100;

    public const string Pulled = "pulled";
    public const string Unavailable = "unavailable";
    public const string Unauthorized = "unauthorized";

    public async Task<KoboPullReport> PullAsync(CancellationToken cancellationToken)
    {
        var sources = new List<KoboPullSource>();
        foreach (var key in options.Value.Keys.Where(key => key.Kobo.IsConfigured))
        {
            sources.Add(await PullAsync(key.Organization, key.Kobo, cancellationToken).ConfigureAwait(false));
        }

        return new KoboPullReport(sources);
    }

    private async Task<KoboPullSource> PullAsync(string organization, KoboServer kobo, CancellationToken cancellationToken)
    {
        var cursor = await cursors.ReadAsync(organization, kobo.AssetUid, cancellationToken).ConfigureAwait(false);
        var report = new KoboPullSource(organization, kobo.AssetUid, Pulled, 0, 0, 0, 0, 0, 0, cursor);
        report = await ReadPagesAsync(kobo, FirstPage(new Uri(kobo.ServerUrl), kobo.AssetUid, cursor), report, isEditSweep: false, cancellationToken).ConfigureAwait(false);
        if (report.Outcome == Pulled)
        {
            report = await ReadPagesAsync(kobo, EditedPage(new Uri(kobo.ServerUrl), kobo.AssetUid), report, isEditSweep: true, cancellationToken).ConfigureAwait(false);
        }

        if (report.Outcome == Pulled)
        {
            LogPulled(logger, organization, kobo.AssetUid, report.Fetched, report.EditsChecked, report.Cursor);
        }

        return report;
    }

    /// <summary>Takes in every submission from <paramref name="first"/> on, following <c>next</c>; the cursor is saved after each page.</summary>
    private async Task<KoboPullSource> ReadPagesAsync(KoboServer kobo, Uri first, KoboPullSource report, bool isEditSweep, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(ClientName);
        var server = new Uri(kobo.ServerUrl);
        Uri? page = first;
        while (page is not null)
        {
            var (status, data) = await FetchAsync(client, page, kobo.ApiToken, cancellationToken).ConfigureAwait(false);
            if (data is null)
            {
                var outcome = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? Unauthorized : Unavailable;
                if (outcome == Unauthorized)
                {
                    LogRefused(logger, report.Organization, kobo.AssetUid, (int)status!);
                }
                else
                {
                    LogUnavailable(logger, report.Organization, kobo.AssetUid, (int?)status);
                }

                return report with { Outcome = outcome };
            }

            foreach (var submission in data.Results)
            {
                report = isEditSweep
                    ? await TakeInEditAsync(kobo.AssetUid, submission, report, cancellationToken).ConfigureAwait(false)
                    : (await TakeInAsync(submission, report, isEditSweep, cancellationToken).ConfigureAwait(false)).Report;
            }

            await cursors.SaveAsync(report.Organization, kobo.AssetUid, report.Cursor, cancellationToken).ConfigureAwait(false);

            // The token goes to the configured server only, whatever a page names as the next one.
            page = data.Next is { } next && Uri.TryCreate(next, UriKind.Absolute, out var uri) && Uri.Compare(uri, server, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
                ? uri
                : null;
        }

        return report;
    }

    /// <summary>
    /// The sweep reads every edit on every run; one it has taken in before (applied, held, then released or
    /// discarded) is only counted, so a caseworker's decision on a held edit stands.
    /// </summary>
    private async Task<KoboPullSource> TakeInEditAsync(string assetUid, JsonObject submission, KoboPullSource report, CancellationToken cancellationToken)
    {
        var uuid = KoboSubmissionReader.SubmissionUuid(submission);
        if (uuid is not null && await cursors.HasTakenInEditAsync(report.Organization, assetUid, uuid, cancellationToken).ConfigureAwait(false))
        {
            return report with { EditsChecked = report.EditsChecked + 1 };
        }

        var (taken, takenIn) = await TakeInAsync(submission, report, isEditSweep: true, cancellationToken).ConfigureAwait(false);
        if (uuid is not null && takenIn)
        {
            await cursors.MarkEditTakenInAsync(report.Organization, assetUid, uuid, cancellationToken).ConfigureAwait(false);
        }

        return taken;
    }

    /// <summary>The report with the submission counted, and whether it was taken in (registered, applied or held).</summary>
    private async Task<(KoboPullSource Report, bool TakenIn)> TakeInAsync(JsonObject submission, KoboPullSource report, bool isEditSweep, CancellationToken cancellationToken)
    {
        var id = submission["_id"] is JsonValue value && value.TryGetValue<long>(out var number) ? number : 0;
        var taken = await intake.TakeInAsync(report.Organization, submission, cancellationToken).ConfigureAwait(false);
        if (taken.Problem is not null)
        {
            LogNotTakenIn(logger, report.Organization, id, taken.Problem.Title);
        }

        return (report with
        {
            Fetched = report.Fetched + (isEditSweep ? 0 : 1),
            EditsChecked = report.EditsChecked + (isEditSweep ? 1 : 0),
            Registered = report.Registered + (taken.Value?.Registration?.Created == true ? 1 : 0),
            Applied = report.Applied + (taken.Value?.Registration?.Created == false ? 1 : 0),
            Held = report.Held + (taken.Value?.HoldId is not null ? 1 : 0),
            Refused = report.Refused + (taken.Problem is not null ? 1 : 0),
            Cursor = Math.Max(report.Cursor, id),
        }, taken.Problem is null);
    }

    /// <summary>The page, or the status (null: no answer) that stopped the pull.</summary>
    private static async Task<(HttpStatusCode? Status, KoboDataPage? Page)> FetchAsync(HttpClient client, Uri page, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, page);
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return (response.StatusCode, null);
            }

            var data = await response.Content.ReadFromJsonAsync(IntakeJson.Default.KoboDataPage, cancellationToken).ConfigureAwait(false);
            return (response.StatusCode, data);
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (null, null);
        }
    }

    /// <summary>The submissions after the cursor, by <c>_id</c> ascending, one page of <see cref="PageSize"/>.</summary>
    public static Uri FirstPage(Uri server, string assetUid, long afterId) =>
        DataPage(server, assetUid, $"{{\"_id\":{{\"$gt\":{afterId}}}}}");

    /// <summary>The submissions KoboToolbox holds as edits (with <c>meta/deprecatedID</c>), by <c>_id</c> ascending.</summary>
    public static Uri EditedPage(Uri server, string assetUid) =>
        DataPage(server, assetUid, "{\"meta/deprecatedID\":{\"$exists\":true}}");

    private static Uri DataPage(Uri server, string assetUid, string mongoQuery) =>
        new(server, $"/api/v2/assets/{assetUid}/data/?format=json&limit={PageSize}&query={Uri.EscapeDataString(mongoQuery)}&sort={Uri.EscapeDataString("{\"_id\":1}")}");

    [LoggerMessage(Level = LogLevel.Error, Message = "KoboToolbox refused the API token of organisation {Organization} for project {AssetUid} ({Status}): nothing is pulled until Intake:Keys:{{n}}:Kobo:ApiToken is fixed.")]
    private static partial void LogRefused(ILogger logger, string organization, string assetUid, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "KoboToolbox is unavailable for organisation {Organization} project {AssetUid} (status {Status}); the cursor stays for the next run.")]
    private static partial void LogUnavailable(ILogger logger, string organization, string assetUid, int? status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pulled {Fetched} new KoboToolbox submissions and checked {EditsChecked} edited ones of organisation {Organization} project {AssetUid}; cursor {Cursor}.")]
    private static partial void LogPulled(ILogger logger, string organization, string assetUid, int fetched, int editsChecked, long cursor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "KoboToolbox submission {SubmissionId} of organisation {Organization} was not taken in: {Reason}.")]
    private static partial void LogNotTakenIn(ILogger logger, string organization, long submissionId, string reason);
}
