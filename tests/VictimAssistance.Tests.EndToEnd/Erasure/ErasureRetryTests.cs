using Microsoft.Extensions.DependencyInjection;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Erasure;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Validation;
using VictimAssistance.Tests.Notifications;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Erasure;

/// <summary>An erasure that failed after its tombstone was written (a 503) is finished by its retry, on the Core on Azurite.</summary>
public sealed class ErasureRetryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Caller Caseworker = new("retry-caseworker", Roles.Caseworker, new OrganizationScope("org-erasure-retry"));
    private static readonly Caller Admin = new("retry-admin", Roles.Admin, new AllRecords());

    [Fact]
    public async Task A_retry_after_a_fault_that_left_only_the_tombstone_erases_the_case_under_the_first_tombstone()
    {
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString);
        var cases = services.GetRequiredService<CaseService>();
        var details = System.Text.Json.JsonSerializer.Deserialize(CaseSamples.Registration(referralConsent: false).ToJsonString(), CaseJson.Api.CaseDetails)!;
        var caseId = (await cases.RegisterAsync(Caseworker, details, idempotencyKey: null, CancellationToken.None)).Value!.Case.CaseId;
        var first = await services.GetRequiredService<TombstoneStore>().AddAsync(
            new TombstoneEntity { RowKey = caseId, Organization = "org-erasure-retry", ErasedAt = new DateTimeOffset(2026, 12, 7, 10, 15, 0, TimeSpan.Zero), ErasedBy = Admin.Subject, Reason = "first attempt" },
            CancellationToken.None);
        Assert.Null((await cases.GetAsync(Caseworker, caseId, CancellationToken.None)).Problem);

        var retried = await services.GetRequiredService<ErasureService>().EraseAsync(Admin, caseId, new EraseCaseRequest("second attempt"), CancellationToken.None);
        await new CoreQueues(azurite, services).DrainAsync(twiceAtOnce: true);

        Assert.Equal(first.ToTombstone(), retried.Value);
        var gone = (await cases.GetAsync(Caseworker, caseId, CancellationToken.None)).Problem;
        Assert.Equal(ProblemKind.Gone, gone?.Kind);
        Assert.Equal("first attempt", gone!.Members!["reason"]);
        Assert.Empty(await StoredValues.FindAsync(azurite, [CaseSamples.GivenName, CaseSamples.FamilyName, CaseSamples.Phone.TrimStart('+')]));
    }
}
