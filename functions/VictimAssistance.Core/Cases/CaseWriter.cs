using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Cases;

/// <summary>Applies a request to a change of the case; a problem refuses it and nothing is written.</summary>
public delegate Problem? CaseEdit(CaseChange change);

/// <summary>One change to make to an existing case.</summary>
public sealed record CaseWrite(string CaseId, Caller Actor, CaseEdit Edit)
{
    /// <summary>The caseworker's precondition (If-Match on the case's ETag): another data version is 412, never a retry.</summary>
    public IfMatch? IfMatch { get; init; }

    /// <summary>Most changes refuse a closed case (409); recording what happened afterwards does not.</summary>
    public bool AllowClosed { get; init; }

    /// <summary>
    /// Set when the caller acts on one referral of the case (a provider): it may change the case only while it may
    /// access that referral. Otherwise the case's own rule applies. Either way, not yours answers like missing (404).
    /// </summary>
    public string? ReferralId { get; init; }

    /// <summary>
    /// Makes the change happen at most once: a marker row with this key is added in the same transaction, and a case
    /// that has it already is returned unchanged. For work retried from a queue (a delivered notification).
    /// </summary>
    public string? OnceKey { get; init; }

    /// <summary>The case as the caller has just read it: the first attempt starts from it instead of reading it again.</summary>
    public CaseRecord? Loaded { get; init; }
}

public enum CreateResult
{
    Created,

    /// <summary>A new case whose id is taken: with a derived id, a replay of the same registration.</summary>
    AlreadyExists,
}

/// <summary>
/// The one write path of a case partition: load, check, apply the edit and then the rules of every feature on copies,
/// commit in one transaction. A writer that lost a race to a concurrent one loads again and reapplies under
/// <see cref="ConflictRetry"/>; a caseworker's If-Match is checked against each load, so only a change of the case's
/// data (not the app's routing or notification bookkeeping) makes it 412.
/// </summary>
public sealed partial class CaseWriter(
    CaseStore store,
    IEnumerable<ICaseRule> rules,
    CaseFollowUpHandlers handlers,
    ConflictRetry conflicts,
    StorageClients storage,
    TimeProvider time,
    ILogger<CaseWriter> logger)
{
    private enum CommitResult
    {
        Committed,
        Conflict,
    }

    public async Task<CreateResult> CreateAsync(CaseChange change, CancellationToken cancellationToken)
    {
        ApplyRules(change);
        return await CommitAsync(change, cancellationToken).ConfigureAwait(false) == CommitResult.Committed ? CreateResult.Created : CreateResult.AlreadyExists;
    }

    /// <summary>The case as committed, or as it was when the edit changed nothing; else why not.</summary>
    public Task<Outcome<CaseRecord>> ChangeAsync(CaseWrite write, CancellationToken cancellationToken)
    {
        // After a lost race the case is read again.
        var loaded = write.Loaded;
        return conflicts.RunAsync(
            $"Case {write.CaseId}",
            token =>
            {
                var given = loaded;
                loaded = null;
                return AttemptAsync(write, given, token);
            },
            cancellationToken);
    }

    private async Task<Attempt<Outcome<CaseRecord>>> AttemptAsync(CaseWrite write, CaseRecord? loaded, CancellationToken cancellationToken)
    {
        var current = loaded is not null && loaded.CaseId == write.CaseId
            ? loaded
            : CaseIds.IsWellFormed(write.CaseId) ? await store.LoadAsync(write.CaseId, cancellationToken).ConfigureAwait(false) : null;
        if (current is null || !MayWrite(write, current))
        {
            return Settled(Problem.NotFound("case"));
        }

        if (current.IsErased && !write.AllowClosed)
        {
            // A provider acting on one referral learns nothing of the erasure: its referral is simply gone.
            return Settled(write.ReferralId is null ? ErasedCase.Gone(current.Head) : Problem.NotFound("case"));
        }

        if (current.IsClosed && !write.AllowClosed)
        {
            return Settled(new Problem(ProblemKind.Conflict, "Case closed", "A closed case cannot be changed."));
        }

        if (write.IfMatch is { } pinned && !pinned.Matches(current.Head.ETagVersion))
        {
            return Settled(IfMatch.Failed());
        }

        var change = CaseChange.Update(current, write.Actor, time.GetUtcNow());
        if (write.Edit(change) is { } refused)
        {
            return Settled(refused);
        }

        ApplyRules(change);
        if (!change.HasEvents)
        {
            return Settled(current);
        }

        if (write.OnceKey is { } key)
        {
            change.AddMarker(key);
        }

        if (await CommitAsync(change, cancellationToken).ConfigureAwait(false) == CommitResult.Committed)
        {
            return Settled(change.ToRecord());
        }

        // The marker is added (never replaced) with the change, so a change made before fails the transaction: only
        // then is it looked for, instead of before every write.
        return write.OnceKey is { } once && await store.HasMarkerAsync(write.CaseId, once, cancellationToken).ConfigureAwait(false)
            ? Settled(await store.LoadAsync(write.CaseId, cancellationToken).ConfigureAwait(false) ?? current)
            : Attempt.Conflict<Outcome<CaseRecord>>();
    }

    private static Attempt<Outcome<CaseRecord>> Settled(Outcome<CaseRecord> outcome) => Attempt.Settled<Outcome<CaseRecord>>(outcome);

    private static bool MayWrite(CaseWrite write, CaseRecord current) => write.ReferralId is { } referralId
        ? AccessPolicy.MayAccessReferral(write.Actor, current.Referrals.FirstOrDefault(referral => referral.ReferralId == referralId)?.Holder)
        : AccessPolicy.MayAccessCase(write.Actor, current.Head.Organization);

    private void ApplyRules(CaseChange change)
    {
        if (!change.HasEvents)
        {
            return;
        }

        foreach (var rule in rules)
        {
            rule.Apply(change);
        }
    }

    /// <summary>
    /// The transaction and, when a handler follows up on its events, the outbox message, sent at the same time: the
    /// message (ids only) is what drives the follow-up work, and its processor waits until the transaction is
    /// visible, so neither needs to wait for the other. When another writer got there first, or storage refused the
    /// transaction, nothing was applied and the message is withdrawn again. When storage did not answer, the
    /// transaction may have been applied all the same: the message stays, to finish the change if it was, and is
    /// dropped by its processor if it never shows.
    /// </summary>
    private async Task<CommitResult> CommitAsync(CaseChange change, CancellationToken cancellationToken)
    {
        var withOutbox = handlers.AnySubscribed(change.EventTypes);
        var sending = withOutbox ? SendOutboxMessageAsync(change, cancellationToken) : Task.FromResult<SendReceipt?>(null);
        try
        {
            await store.Cases.SubmitTransactionAsync(change.Actions(withOutbox), cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException failed) when (failed.Status is 409 or 412)
        {
            if ((await store.LoadHeadAsync(change.CaseId, cancellationToken).ConfigureAwait(false))?.CommitId != change.Head.CommitId)
            {
                await WithdrawAsync(sending).ConfigureAwait(false);
                return CommitResult.Conflict;
            }

            // The storage client retried this very transaction after its first attempt was applied.
        }
        catch (RequestFailedException refused) when (!StorageFaults.IsUnavailable(refused, cancellationToken))
        {
            await WithdrawAsync(sending).ConfigureAwait(false);
            throw;
        }
        catch
        {
            await ObserveAsync(sending).ConfigureAwait(false);
            throw;
        }

        await EnsureSentAsync(change, sending, cancellationToken).ConfigureAwait(false);
        LogChanged(logger, change.CaseId, change.Head.Version);
        return CommitResult.Committed;
    }

    private async Task<SendReceipt?> SendOutboxMessageAsync(CaseChange change, CancellationToken cancellationToken) =>
        await storage.SendAsync(QueueNames.CaseOutbox, change.OutboxMessage(), CaseJson.Default.CaseOutboxMessage, visibilityDelay: null, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The change is committed: its outbox message must be on the queue before the caller hears so. A send that
    /// failed beside the transaction is made once more (with the storage client's own retries); if the queue stays
    /// unreachable the caller gets the storage fault (503) and the entry waits in the partition, where the case's
    /// next outbox message finishes it with its own.
    /// </summary>
    private async Task EnsureSentAsync(CaseChange change, Task<SendReceipt?> sending, CancellationToken cancellationToken)
    {
        try
        {
            await sending.ConfigureAwait(false);
        }
        catch (Exception exception) when (StorageFaults.IsStorageFailure(exception, cancellationToken))
        {
            LogOutboxResend(logger, change.CaseId, change.Head.Version, exception.GetType().Name);
            await SendOutboxMessageAsync(change, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task ObserveAsync(Task<SendReceipt?> sending)
    {
        try
        {
            await sending.ConfigureAwait(false);
        }
        catch (Exception exception) when (StorageFaults.IsStorageFailure(exception, CancellationToken.None))
        {
            // Not sent: if the transaction was applied, its entry waits for the case's next outbox message.
        }
    }

    // Best effort: a message left behind finds no newer version and is dropped by the outbox processor.
    private async Task WithdrawAsync(Task<SendReceipt?> sending)
    {
        try
        {
            if (await sending.ConfigureAwait(false) is { } receipt)
            {
                await storage.Queue(QueueNames.CaseOutbox).DeleteMessageAsync(receipt.MessageId, receipt.PopReceipt, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (StorageFaults.IsStorageFailure(exception, CancellationToken.None))
        {
            // Never sent, already received by the processor, or storage is failing: either way the processor copes.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {CaseId} changed to version {Version}.")]
    private static partial void LogChanged(ILogger logger, string caseId, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseId} version {Version} is committed but its outbox message was not sent ({ExceptionType}); sending again.")]
    private static partial void LogOutboxResend(ILogger logger, string caseId, int version, string exceptionType);
}
