using VictimAssistance.Core.Cases;

namespace VictimAssistance.Core.Referrals;

/// <summary>A case's referral rows, read from a loaded case and changed within a case change.</summary>
public static class CaseReferrals
{
    public const int MaxOpen = 40;

    public static IEnumerable<ReferralEntity> ReferralRows(this CaseRecord record) => record.Rows.OfType<ReferralEntity>();

    public static ReferralEntity? ReferralRow(this CaseRecord record, string referralId) =>
        record.ReferralRows().FirstOrDefault(referral => referral.ReferralId == referralId);

    public static int OpenReferrals(this CaseChange change) => change.RowsOf<ReferralEntity>().Count(referral => referral.IsOpen);

    public static ReferralEntity RequestReferral(this CaseChange change, string serviceType, string urgency, string? notes)
    {
        var referralId = Guid.NewGuid().ToString("N");
        var referral = change.Put(new ReferralEntity
        {
            RowKey = ReferralEntity.RowKeyOf(referralId),
            ReferralId = referralId,
            ServiceType = serviceType,
            Urgency = urgency,
            Notes = notes,
            Status = ReferralStatuses.Requested,
            CreatedAt = change.Now,
            UpdatedAt = change.Now,
        });
        change.AddEvent(ReferralEvents.Requested, new ReferralRequested(referralId, serviceType, urgency));
        return referral;
    }

    /// <summary>The referral's row in this change, to modify; it is written with the change. Null when the case has no such referral.</summary>
    public static ReferralEntity? EditReferral(this CaseChange change, string referralId)
    {
        if (change.RowsOf<ReferralEntity>().FirstOrDefault(referral => referral.ReferralId == referralId) is not { } referral)
        {
            return null;
        }

        referral.UpdatedAt = change.Now;
        return change.Put(referral);
    }

    /// <summary>Cancels every referral still in play; the event names the provider that held it, if any.</summary>
    public static void CancelOpenReferrals(this CaseChange change, string reason)
    {
        foreach (var open in change.RowsOf<ReferralEntity>().Where(referral => referral.IsOpen).ToList())
        {
            var referral = change.EditReferral(open.ReferralId)!;
            var providerId = referral.ProviderId;
            referral.Status = ReferralStatuses.Cancelled;
            referral.RespondBy = null;
            change.AddEvent(ReferralEvents.Cancelled, new ReferralCancelled(referral.ReferralId, providerId, reason));
        }
    }

    /// <summary>Ends the access of the provider that completed the referral, if it still has it.</summary>
    public static void EndProviderAccess(this CaseChange change, string referralId, string reason)
    {
        if (change.RowsOf<ReferralEntity>().FirstOrDefault(referral => referral.ReferralId == referralId) is not { Status: ReferralStatuses.Completed, Holder: { } providerId })
        {
            return;
        }

        change.EditReferral(referralId)!.ProviderAccessEndedAt = change.Now;
        change.AddEvent(ReferralEvents.ProviderAccessEnded, new ReferralProviderAccessEnded(referralId, providerId, reason));
    }
}
