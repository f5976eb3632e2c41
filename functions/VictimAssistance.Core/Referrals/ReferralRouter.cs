using Microsoft.Extensions.Logging;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Providers;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Telemetry;

namespace VictimAssistance.Core.Referrals;

/// <summary>
/// Consumes route-referral: for the referrals of one change, reads the one case, the directory and the loads once
/// (never a list of cases), ranks the eligible providers of each by the <see cref="RoutingRule"/>, reserves a slot
/// at the best one that still has one, and writes every <c>referral.offered</c> (or <c>referral.unmet</c>) in one
/// change through the case write path. It acts only on a referral that
/// waits for a provider, so a redelivered or duplicated message never offers twice nor to two providers.
/// A storage fault, or a case that stayed busy past the conflict policy's deadline, sends the message again for later
/// (<see cref="TransientFaultRequeue"/>; a reservation it made is kept or released by that next attempt); any other
/// failure is retried by the queue and, after the last attempt, kept in route-referral-poison while the referral
/// stays visibly <c>requested</c>.
/// </summary>
public sealed partial class ReferralRouter(
    CaseStore store,
    CaseWriter writer,
    ProviderDirectory directory,
    ProviderLoads loads,
    UnmetReferralIndex unmet,
    ResponseWindows windows,
    TransientFaultRequeue requeue,
    TimeProvider time,
    ILogger<ReferralRouter> logger)
{
    private static readonly Caller Router = Caller.System("router");

    public Task RouteAsync(string messageText, CancellationToken cancellationToken) =>
        requeue.RunAsync(QueueNames.RouteReferral, messageText, () => RouteAsync(Read(messageText), cancellationToken), cancellationToken);

    private async Task RouteAsync(RouteReferralMessage message, CancellationToken cancellationToken)
    {
        using var activity = AppTelemetry.StartProcessing(QueueNames.RouteReferral, message.TraceParent);
        activity?.SetTag("va.case_id", message.CaseId);
        var referralIds = message.Referrals();
        activity?.SetTag("va.referral_ids", string.Join(',', referralIds));
        var record = await store.LoadAsync(message.CaseId, cancellationToken).ConfigureAwait(false);
        var referrals = referralIds.Select(referralId => record?.ReferralRow(referralId)).OfType<ReferralEntity>().ToList();
        foreach (var missing in referralIds.Except(referrals.Select(referral => referral.ReferralId), StringComparer.Ordinal))
        {
            LogNothingToDo(logger, message.CaseId, missing);
        }

        if (record is null || referrals.Count == 0)
        {
            return;
        }

        var waiting = referrals.Where(referral => !record.IsClosed && ReferralTransitions.AwaitsProvider(referral.Status)).ToList();
        var read = await loads.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        foreach (var settled in referrals.Except(waiting))
        {
            // Settled already (a duplicate or late message, or an unmet row routed again after the referral moved on):
            // only clear what earlier attempts may have left reserved, and the referral's unmet row, if any.
            await ReleaseEarlierReservationsAsync(read.Held, settled.ReferralId, ReferralTransitions.HolderOf(settled), cancellationToken).ConfigureAwait(false);
            await unmet.RemoveAsync(settled.ServiceType, settled.ReferralId, cancellationToken).ConfigureAwait(false);
            LogNothingToDo(logger, message.CaseId, settled.ReferralId);
        }

        if (waiting.Count > 0)
        {
            // Before any slot is reserved: a window that cannot be read fails the message with nothing to release.
            var window = waiting.ToDictionary(referral => referral.ReferralId, referral => windows.For(referral.Urgency), StringComparer.Ordinal);
            var choices = await ReserveAsync(record, waiting, read, cancellationToken).ConfigureAwait(false);
            await WriteAsync(record, choices, window, read, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// For each referral in turn, a slot at the best eligible provider that still has one. The ranking uses the loads
    /// as read (with this run's own reservations since); the reservation decides, so a provider that filled up since
    /// then is passed over for the next best.
    /// </summary>
    private async Task<List<Choice>> ReserveAsync(CaseRecord record, List<ReferralEntity> waiting, LoadSnapshot read, CancellationToken cancellationToken)
    {
        var providers = await directory.LoadAllAsync(cancellationToken).ConfigureAwait(false);
        var choices = new List<Choice>();
        foreach (var referral in waiting)
        {
            var ranked = RoutingRule.Rank(SubjectOf(record, referral), providers.Select(provider => new RoutingCandidate(provider, HeldBesides(read.Current, provider.ProviderId, referral.ReferralId))));
            var token = ProviderLoads.NewToken();
            string? reserved = null;
            foreach (var candidate in ranked)
            {
                if (await loads.TryReserveAsync(candidate.Provider.ProviderId, candidate.Provider.Capacity, referral.ReferralId, token, read, cancellationToken).ConfigureAwait(false))
                {
                    reserved = candidate.Provider.ProviderId;
                    break;
                }
            }

            choices.Add(new Choice(referral, reserved, token));
        }

        return choices;
    }

    /// <summary>Writes every offer (or unmet) in one change of the case, then clears what that change made needless: reservations it did not use, unmet rows.</summary>
    private async Task WriteAsync(CaseRecord record, List<Choice> choices, Dictionary<string, TimeSpan> window, LoadSnapshot read, CancellationToken cancellationToken)
    {
        var decided = new HashSet<string>(StringComparer.Ordinal);
        var outcome = await writer.ChangeAsync(
            new CaseWrite(record.CaseId, Router, change =>
            {
                decided.Clear();
                foreach (var choice in choices)
                {
                    var events = change.EventCount;
                    var problem = choice.Reserved is null
                        ? ReferralTransitions.MarkUnmet(change, choice.Referral.ReferralId)
                        : ReferralTransitions.Offer(change, choice.Referral.ReferralId, choice.Reserved, window[choice.Referral.ReferralId]);
                    if (problem is not null)
                    {
                        return problem;
                    }

                    if (change.EventCount > events)
                    {
                        decided.Add(choice.Referral.ReferralId);
                    }
                }

                return null;
            }) { AllowClosed = true, Loaded = record },
            cancellationToken).ConfigureAwait(false);

        foreach (var (referral, reserved, token) in choices)
        {
            var now = outcome.Value?.ReferralRow(referral.ReferralId);
            if (referral.Status == ReferralStatuses.Unmet && now?.Status != ReferralStatuses.Unmet)
            {
                await unmet.RemoveAsync(referral.ServiceType, referral.ReferralId, cancellationToken).ConfigureAwait(false);
            }

            var holder = ReferralTransitions.HolderOf(now);
            if (reserved is not null && reserved != holder)
            {
                await loads.ReleaseAsync(reserved, referral.ReferralId, token, cancellationToken).ConfigureAwait(false);
            }

            if (now is not null && !ReferralTransitions.AwaitsProvider(now.Status))
            {
                await ReleaseEarlierReservationsAsync(read.Held, referral.ReferralId, holder, cancellationToken).ConfigureAwait(false);
            }

            if (outcome.Problem is null && decided.Contains(referral.ReferralId))
            {
                (reserved is null ? AppTelemetry.ReferralsUnmet : AppTelemetry.ReferralsOffered).Add(1);
            }

            LogRouted(logger, record.CaseId, referral.ReferralId, now?.Status ?? "missing", holder ?? "none");
        }
    }

    /// <summary>
    /// Reservations of this referral left by earlier attempts that died between reserving and writing. Once the
    /// referral no longer waits for a provider no attempt can still offer it, so all but the holder's go; each is
    /// released only under the token read before this attempt began, never a newer reservation.
    /// </summary>
    private async Task ReleaseEarlierReservationsAsync(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> held, string referralId, string? holder, CancellationToken cancellationToken)
    {
        foreach (var (providerId, referrals) in held)
        {
            if (providerId != holder && referrals.TryGetValue(referralId, out var earlierToken))
            {
                await loads.ReleaseAsync(providerId, referralId, earlierToken, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private RoutingSubject SubjectOf(CaseRecord record, ReferralEntity referral)
    {
        var survivor = record.Details.Survivor;
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return new RoutingSubject(
            referral.ServiceType,
            survivor?.Location?.Admin1,
            survivor?.Sex,
            SurvivorAge.On(survivor, record.Head.CreatedAt, today),
            survivor?.PreferredLanguage,
            ReferralTransitions.ExcludedProviders(referral.ExcludedProviders));
    }

    private static int HeldBesides(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> held, string providerId, string referralId) =>
        held.TryGetValue(providerId, out var referrals) ? referrals.Count - (referrals.ContainsKey(referralId) ? 1 : 0) : 0;

    private static RouteReferralMessage Read(string messageText) =>
        QueueMessages.Read(messageText, ReferralJson.Default.RouteReferralMessage, QueueNames.RouteReferral, message =>
            message is { CaseId: { } caseId } && CaseIds.IsWellFormed(caseId) && message.Referrals() is { Count: > 0 } referralIds && referralIds.All(CaseIds.IsWellFormed));

    /// <summary>A referral and the provider that reserved a slot for it (none: unmet), under the reservation's token.</summary>
    private sealed record Choice(ReferralEntity Referral, string? Reserved, string Token);

    [LoggerMessage(Level = LogLevel.Information, Message = "Referral {ReferralId} of case {CaseId} does not wait for a provider; nothing to route.")]
    private static partial void LogNothingToDo(ILogger logger, string caseId, string referralId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Referral {ReferralId} of case {CaseId} routed: {Status}, provider {ProviderId}.")]
    private static partial void LogRouted(ILogger logger, string caseId, string referralId, string status, string providerId);
}
