using System.Text.Json;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Erasure;
using VictimAssistance.Core.Statistics;

namespace VictimAssistance.Tests.Erasure;

public sealed class ErasedDetailsTests
{
    private static readonly DateTimeOffset RegisteredAt = new(2026, 3, 15, 10, 0, 0, TimeSpan.Zero);

    private static readonly CaseDetails Registered = new(
        "survivor",
        new SurvivorDetails("Aysel", "Mammadova", "female", new DateOnly(1966, 3, 16), null, "+994501234567", "az", new LocationDetails("AZ-AGM", "Aghdam", "Quzanli"), new FunctioningDetails(1, 2, 4, 1, 2, 1)),
        new IncidentDetails(new DateOnly(2024, 5, 10), "antipersonnel_mine", "civilian", "farming", ["lower_limb_amputation"], new LocationDetails("AZ-AGM", "Aghdam", "Quzanli")),
        "consent",
        new ConsentDetails(true, "survivor"),
        [new NeedDetails("rehabilitation", "priority", "prosthesis fitting for Aysel")]);

    [Fact]
    public void Nothing_that_names_reaches_or_places_the_survivor_remains()
    {
        var remaining = JsonSerializer.Serialize(ErasedDetails.Of(Registered, RegisteredAt), CaseJson.Api.CaseDetails);

        foreach (var value in new[] { "Aysel", "Mammadova", "994501234567", "1966", "Aghdam", "Quzanli", "farming", "amputation", "prosthesis", "2024-05-10", "\"az\"" })
        {
            Assert.DoesNotContain(value, remaining, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("1966-03-16")] // 59 on the day of registration: the edge of an age group
    [InlineData("1966-03-15")]
    [InlineData("2021-03-15")]
    public void The_categories_that_statistics_count_stay_the_same(string dateOfBirth)
    {
        var registered = Registered with { Survivor = Registered.Survivor! with { DateOfBirth = DateOnly.Parse(dateOfBirth, System.Globalization.CultureInfo.InvariantCulture) } };

        var remaining = ErasedDetails.Of(registered, RegisteredAt);

        Assert.Equal(CaseProjection.AgeGroup(registered.Survivor, RegisteredAt), CaseProjection.AgeGroup(remaining.Survivor, RegisteredAt));
        Assert.Equal(CaseProjection.Disability(registered.Survivor!.Functioning), CaseProjection.Disability(remaining.Survivor!.Functioning));
        Assert.Equal((registered.Survivor.Sex, registered.Survivor.Location!.Admin1), (remaining.Survivor.Sex, remaining.Survivor.Location!.Admin1));
        Assert.Equal((registered.VictimType, registered.Incident!.DeviceType, registered.Incident.CivilianStatus), (remaining.VictimType, remaining.Incident!.DeviceType, remaining.Incident.CivilianStatus));
        Assert.Equal(registered.Needs!.Select(need => need.ServiceType), remaining.Needs!.Select(need => need.ServiceType));
    }
}
