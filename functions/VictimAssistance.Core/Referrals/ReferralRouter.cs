using Microsoft.Extensions.Logging;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Providers;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Telemetry;

namespace VictimAssistance.Core.Referrals;

/// <summary>
/// Consumes route-referral: reads the one case and the directory (never a list of cases), ranks the eligible
/// providers by the <see cref="RoutingRule"/>, reserves a slot at the best one that still has one, and writes
/// <c>referral.offered</c> (or <c>referral.unmet</c>) through the case write path. It acts only on a referral that
/// waits for a provider, so a redelivered or duplicated message never offers twice nor to two providers.
/// A storage fault, or a case that stayed busy past the conflict policy's deadline, throws: the message is retried
/// (a reservation it made is kept or released by that next attempt) and, after the last attempt, kept in
/// route-referral-poison while the referral stays visibly <c>requested</c>.
/// </summary>
public sealed partial class ReferralRouter(
    CaseStore store,
    CaseWriter writer,
    ProviderDirectory directory,
    ProviderLoads loads,
    UnmetReferralIndex unmet,
    ResponseWindows windows,
    TimeProvider time,
    ILogger<ReferralRouter> logger)
{
    private static readonly Caller Router = Caller.System("router");

    public async Task RouteAsync(string messageText, CancellationToken cancellationToken)
    {
        var message = Read(messageText);
        using var activity = AppTelemetry.StartProcessing(QueueNames.RouteReferral, message.TraceParent);
        activity?.SetTag("va.case_id", message.CaseId);
        activity?.SetTag("va.referral_id", message.ReferralId);
        var record = await store.LoadAsync(message.CaseId, cancellationToken).ConfigureAwait(false);
        var referral = record?.ReferralRow(message.ReferralId);
        if (record is null || referral is null)
        {
            LogNothingToDo(logger, message.CaseId, message.ReferralId);
            return;
        }

        if (record.IsClosed || !ReferralTransitions.AwaitsProvider(referral.Status))
        {
            // Settled already (a duplicate or late message, or an unmet row routed again after the referral moved on):
            // only clear what earlier attempts may have left reserved, and the referral's unmet row, if any.
            await ReleaseEarlierReservationsAsync((await loads.ReadAllAsync(cancellationToken).ConfigureAwait(false)).Held, referral.ReferralId, ReferralTransitions.HolderOf(referral), cancellationToken)
                .ConfigureAwait(false);
            await unmet.RemoveAsync(referral.ServiceType, referral.ReferralId, cancellationToken).ConfigureAwait(false);
            LogNothingToDo(logger, message.CaseId, message.ReferralId);
            return;
        }

        var window = windows.For(referral.Urgency);
        var providers = await directory.LoadAllAsync(cancellationToken).ConfigureAwait(false);
        var read = await loads.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var held = read.Held;
        var subject = SubjectOf(record, referral);
        var ranked = RoutingRule.Rank(subject, providers.Select(provider => new RoutingCandidate(provider, HeldBesides(held, provider.ProviderId, referral.ReferralId))));

        // The ranking used loads as read a moment ago; the reservation decides, so a provider that filled up
        // since then is passed over for the next best.
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

        var decided = false;
        var outcome = await writer.ChangeAsync(
            new CaseWrite(message.CaseId, Router, change =>
            {
                var problem = reserved is null
                    ? ReferralTransitions.MarkUnmet(change, referral.ReferralId)
                    : ReferralTransitions.Offer(change, referral.ReferralId, reserved, window);
                decided = problem is null && change.HasEvents;
                return problem;
            }) { AllowClosed = true, Loaded = record },
            cancellationToken).ConfigureAwait(false);
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
            await ReleaseEarlierReservationsAsync(held, referral.ReferralId, holder, cancellationToken).ConfigureAwait(false);
        }

        if (outcome.Problem is null && decided)
        {
            (reserved is null ? AppTelemetry.ReferralsUnmet : AppTelemetry.ReferralsOffered).Add(1);
        }

        activity?.SetTag("va.referral_status", now?.Status);
        LogRouted(logger, message.CaseId, referral.ReferralId, now?.Status ?? "missing", holder ?? "none");
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
            message is { CaseId: { } caseId, ReferralId: { } referralId } && CaseIds.IsWellFormed(caseId) && CaseIds.IsWellFormed(referralId));

    [LoggerMessage(Level = LogLevel.Information, Message = "Referral {ReferralId} of case {CaseId} does not wait for a provider; nothing to route.")]
    private static partial void LogNothingToDo(ILogger logger, string caseId, string referralId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Referral {ReferralId} of case {CaseId} routed: {Status}, provider {ProviderId}.")]
    private static partial void LogRouted(ILogger logger, string caseId, string referralId, string status, string providerId);
}
