using System.Text.Json;
using VictimAssistance.Core.Cases;

namespace VictimAssistance.Core.Referrals;

/// <summary>
/// The minimum survivor data a referral's provider sees, stored on the referral's row (<see cref="ReferralEntity.ProviderSnapshot"/>):
/// the incident only where the service needs it, the age as it was when the snapshot was taken.
/// </summary>
public sealed record ReferralSnapshot(ReferralSurvivor Survivor, ReferralIncident? Incident)
{
    private static readonly HashSet<string> ServicesNeedingIncident = new(StringComparer.Ordinal) { "medical", "rehabilitation" };

    public static ReferralSnapshot Of(CaseDetails details, DateTimeOffset registeredAt, string serviceType, DateOnly today)
    {
        var survivor = details.Survivor;
        var incident = details.Incident;
        return new ReferralSnapshot(
            new ReferralSurvivor(
                survivor?.GivenName,
                survivor?.FamilyName,
                survivor?.Sex,
                SurvivorAge.On(survivor, registeredAt, today),
                survivor?.Phone,
                survivor?.PreferredLanguage,
                survivor?.Location,
                survivor?.Functioning),
            ServicesNeedingIncident.Contains(serviceType) ? new ReferralIncident(incident?.Injuries ?? [], incident?.DeviceType) : null);
    }

    public static ReferralSnapshot Read(string json) => JsonSerializer.Deserialize(json, ReferralJson.Default.ReferralSnapshot)!;

    public string Write() => JsonSerializer.Serialize(this, ReferralJson.Default.ReferralSnapshot);
}

/// <summary>
/// Keeps each referral's provider snapshot in the case's transaction: taken when it is offered and refreshed with every
/// change while it is open (offered, accepted); left as it was once completed, so later edits never reach the provider;
/// removed as soon as no provider may read it (declined, expired, cancelled, or its provider's access ended).
/// </summary>
public sealed class KeepProviderSnapshots : ICaseRule
{
    public void Apply(CaseChange change)
    {
        var today = DateOnly.FromDateTime(change.Now.UtcDateTime);
        foreach (var referral in change.RowsOf<ReferralEntity>().ToList())
        {
            var snapshot = referral.Status switch
            {
                ReferralStatuses.Offered or ReferralStatuses.Accepted => ReferralSnapshot.Of(change.Details, change.Head.CreatedAt, referral.ServiceType, today).Write(),
                _ when referral.Holder is not null => referral.ProviderSnapshot,
                _ => null,
            };
            if (snapshot != referral.ProviderSnapshot)
            {
                referral.ProviderSnapshot = snapshot;
                change.Put(referral);
            }
        }
    }
}
