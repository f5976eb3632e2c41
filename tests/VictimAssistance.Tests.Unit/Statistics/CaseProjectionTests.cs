using System.Text.Json;
using System.Text.Json.Nodes;
using VictimAssistance.Core;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Statistics;

namespace VictimAssistance.Tests.Statistics;

public sealed class CaseProjectionTests
{
    private static readonly DateTimeOffset RegisteredAt = new(2026, 3, 15, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2022-03-16", null, "0-4")]
    [InlineData("2021-03-15", null, "5-11")] // fifth birthday on the day of registration
    [InlineData("2014-03-16", null, "5-11")] // twelfth birthday the day after
    [InlineData("2008-03-16", null, "12-17")]
    [InlineData("2008-03-15", null, "18-59")]
    [InlineData("1966-03-16", null, "18-59")]
    [InlineData("1966-03-15", null, "60+")]
    [InlineData(null, 4, "0-4")]
    [InlineData(null, 17, "12-17")]
    [InlineData(null, 60, "60+")]
    [InlineData("1990-01-01", 3, "18-59")] // the date of birth wins over an estimate
    [InlineData(null, null, "unknown")]
    public void The_age_group_is_the_age_at_registration(string? dateOfBirth, int? estimatedAge, string ageGroup)
    {
        var survivor = new SurvivorDetails("A", "B", "female", dateOfBirth is null ? null : DateOnly.Parse(dateOfBirth, System.Globalization.CultureInfo.InvariantCulture), estimatedAge, null, null, null, null);

        Assert.Equal(ageGroup, CaseProjection.AgeGroup(survivor, RegisteredAt));
    }

    [Theory]
    [InlineData("1,1,1,1,1,1", "no_disability")]
    [InlineData("2,2,2,2,2,2", "no_disability")]
    [InlineData("1,2,3,1,1,1", "disability")]
    [InlineData("1,1,1,1,1,4", "disability")]
    [InlineData("1,1,-,1,1,1", "unknown")] // a domain missing, none 3 or 4
    [InlineData("4,-,-,-,-,-", "disability")] // one domain 3 or 4 is enough
    [InlineData("-,-,-,-,-,-", "unknown")]
    public void Disability_follows_the_Washington_Group_Short_Set(string domains, string disability)
    {
        var levels = domains.Split(',').Select(level => level == "-" ? (int?)null : int.Parse(level, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        Assert.Equal(disability, CaseProjection.Disability(new FunctioningDetails(levels[0], levels[1], levels[2], levels[3], levels[4], levels[5])));
    }

    [Fact]
    public void No_functioning_at_all_is_unknown()
    {
        Assert.Equal("unknown", CaseProjection.Disability(null));
    }

    [Fact]
    public void A_case_counts_once_in_each_breakdown_of_its_cell_with_its_referrals_and_their_durations()
    {
        var accepted = Referral("r1", "medical", ReferralStatuses.Completed);
        var record = new CaseRecord(Head(admin1: "az-agm"), [accepted, Referral("r2", "legal", ReferralStatuses.Offered)]);
        List<CaseEventEntity> history =
        [
            Event(2, ReferralEvents.Accepted.Name, "r1", RegisteredAt.AddHours(5.4)),
            Event(3, ReferralEvents.Completed.Name, "r1", RegisteredAt.AddDays(11.6)),
            Event(4, ReferralEvents.Accepted.Name, "r2", RegisteredAt.AddHours(9)), // after the head's version: not counted
        ];

        var contribution = CaseProjection.Project(record, history);

        Assert.Equal(new StatisticsCell("org-a", "2026-03", "AZ-AGM"), contribution.Cell);
        Assert.Equal(7, contribution.Version);
        Assert.Equal(
            new Dictionary<string, long>
            {
                ["cases"] = 1, ["sex/female"] = 1, ["ageGroup/18-59"] = 1, ["disability/disability"] = 1,
                ["sexAgeGroup/female/18-59"] = 1, ["sexDisability/female/disability"] = 1,
                ["deviceType/antipersonnel_mine"] = 1, ["civilianStatus/unknown"] = 1, ["victimType/survivor"] = 1, ["status/open"] = 1,
                ["referrals"] = 2, ["referral/medical/completed"] = 1, ["referral/legal/offered"] = 1,
                ["hoursToAccept/5"] = 1, ["daysToComplete/12"] = 1,
            },
            contribution.Counts.Counts.ToDictionary());
    }

    private static CaseHeadEntity Head(string admin1)
    {
        var details = new CaseDetails(
            "survivor",
            new SurvivorDetails("A", "B", "female", new DateOnly(1988, 3, 14), null, null, null, new LocationDetails(admin1, null, null), new FunctioningDetails(1, 2, 4, 1, 2, 1)),
            new IncidentDetails(null, "antipersonnel_mine", null, null, null, null),
            "consent",
            new ConsentDetails(true, "survivor"),
            []);
        return new CaseHeadEntity
        {
            PartitionKey = "case-1",
            Organization = "org-a",
            Version = 7,
            LastSequence = 3,
            CreatedAt = RegisteredAt,
            Details = JsonSerializer.Serialize(details, CaseJson.Api.CaseDetails),
        };
    }

    private static ReferralEntity Referral(string id, string serviceType, string status) =>
        new() { PartitionKey = "case-1", ReferralId = id, ServiceType = serviceType, Status = status, CreatedAt = RegisteredAt };

    private static CaseEventEntity Event(long sequence, string type, string referralId, DateTimeOffset at) =>
        new() { Sequence = sequence, Type = type, OccurredAt = at, Data = new JsonObject { ["referralId"] = referralId }.ToJsonString() };
}
