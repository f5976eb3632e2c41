using Microsoft.Extensions.DependencyInjection;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Statistics;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Statistics;

/// <summary>The projection's writes on a real Azurite, the first count of a case (added without reading) among them.</summary>
public sealed class StatisticsStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Month = "2026-03";

    [Fact]
    public async Task A_case_that_moves_cell_leaves_its_old_cell_and_counts_in_its_new_one()
    {
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString);
        var store = services.GetRequiredService<StatisticsStore>();
        var organization = NewOrganization();
        var moving = CaseIds.New();
        await store.ApplyAsync(Contribution(moving, 1, organization, "AZ-SA", recordKey: 5), repair: false, CancellationToken.None);
        await store.ApplyAsync(Contribution(CaseIds.New(), 1, organization, "AZ-SA", recordKey: 7), repair: false, CancellationToken.None);

        Assert.True(await store.ApplyAsync(Contribution(moving, 2, organization, "AZ-SM", recordKey: 5), repair: false, CancellationToken.None));

        var cells = await CellsAsync(store, organization);
        Assert.Equal((1, 7), cells["AZ-SA"]);
        Assert.Equal((1, 5), cells["AZ-SM"]);
    }

    [Fact]
    public async Task A_delivery_older_than_the_stored_contribution_changes_nothing()
    {
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString);
        var store = services.GetRequiredService<StatisticsStore>();
        var organization = NewOrganization();
        var caseId = CaseIds.New();
        await store.ApplyAsync(Contribution(caseId, 2, organization, "AZ-SM", recordKey: 3), repair: false, CancellationToken.None);

        Assert.False(await store.ApplyAsync(Contribution(caseId, 1, organization, "AZ-SA", recordKey: 3), repair: false, CancellationToken.None));

        Assert.Equal(new Dictionary<string, (long, long)> { ["AZ-SM"] = (1, 3) }, await CellsAsync(store, organization));
    }

    [Fact]
    public async Task A_first_count_adds_the_contribution_and_counts_the_case_in_its_cell()
    {
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString);
        var store = services.GetRequiredService<StatisticsStore>();
        var organization = NewOrganization();

        Assert.True(await store.CountFirstAsync(Contribution(CaseIds.New(), 1, organization, "AZ-SA", recordKey: 4), CancellationToken.None));

        Assert.Equal(new Dictionary<string, (long, long)> { ["AZ-SA"] = (1, 4) }, await CellsAsync(store, organization));
        Assert.Contains(organization, await store.OrganizationsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_first_count_of_a_case_counted_already_reads_it_and_counts_the_case_once()
    {
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString);
        var store = services.GetRequiredService<StatisticsStore>();
        var organization = NewOrganization();
        var caseId = CaseIds.New();
        await store.ApplyAsync(Contribution(caseId, 1, organization, "AZ-SA", recordKey: 4), repair: false, CancellationToken.None);

        Assert.False(await store.CountFirstAsync(Contribution(caseId, 1, organization, "AZ-SA", recordKey: 9), CancellationToken.None));

        Assert.Equal(new Dictionary<string, (long, long)> { ["AZ-SA"] = (1, 4) }, await CellsAsync(store, organization));
    }

    [Fact]
    public async Task A_first_count_older_than_the_stored_contribution_changes_nothing()
    {
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString);
        var store = services.GetRequiredService<StatisticsStore>();
        var organization = NewOrganization();
        var caseId = CaseIds.New();
        await store.ApplyAsync(Contribution(caseId, 2, organization, "AZ-SM", recordKey: 3), repair: false, CancellationToken.None);

        Assert.False(await store.CountFirstAsync(Contribution(caseId, 1, organization, "AZ-SA", recordKey: 3), CancellationToken.None));

        Assert.Equal(new Dictionary<string, (long, long)> { ["AZ-SM"] = (1, 3) }, await CellsAsync(store, organization));
    }

    [Fact]
    public async Task A_first_count_of_a_case_counted_at_an_older_version_moves_it()
    {
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString);
        var store = services.GetRequiredService<StatisticsStore>();
        var organization = NewOrganization();
        var caseId = CaseIds.New();
        await store.ApplyAsync(Contribution(caseId, 1, organization, "AZ-SA", recordKey: 6), repair: false, CancellationToken.None);

        Assert.True(await store.CountFirstAsync(Contribution(caseId, 2, organization, "AZ-SM", recordKey: null), CancellationToken.None));

        Assert.Equal(new Dictionary<string, (long, long)> { ["AZ-SM"] = (1, 6) }, await CellsAsync(store, organization));
    }

    [Fact]
    public async Task An_instance_lists_an_organisation_once_and_a_new_instance_lists_it_again()
    {
        var organization = NewOrganization();
        await using (var first = await CoreOnAzurite.StartAsync(azurite.ConnectionString))
        {
            var store = first.GetRequiredService<StatisticsStore>();
            await store.ApplyAsync(Contribution(CaseIds.New(), 1, organization, "AZ-SA", recordKey: 1), repair: false, CancellationToken.None);
            Assert.Contains(organization, await store.OrganizationsAsync(CancellationToken.None));

            await DeleteListingAsync(first, organization);
            await store.ApplyAsync(Contribution(CaseIds.New(), 1, organization, "AZ-SA", recordKey: 1), repair: false, CancellationToken.None);
            Assert.DoesNotContain(organization, await store.OrganizationsAsync(CancellationToken.None));
        }

        await using var second = await CoreOnAzurite.StartAsync(azurite.ConnectionString);
        var again = second.GetRequiredService<StatisticsStore>();
        await again.ApplyAsync(Contribution(CaseIds.New(), 1, organization, "AZ-SA", recordKey: 1), repair: false, CancellationToken.None);
        Assert.Contains(organization, await again.OrganizationsAsync(CancellationToken.None));
    }

    private static string NewOrganization() => "org-stats-store-" + Guid.NewGuid().ToString("N")[..8];

    private static CaseContribution Contribution(string caseId, int version, string organization, string admin1, int? recordKey)
    {
        var counts = new Tally();
        counts.Add(StatisticsKeys.Cases);
        return new CaseContribution(caseId, version, new StatisticsCell(organization, Month, admin1), counts, recordKey);
    }

    /// <summary>Each cell's case count and record-key sum of cases, by admin1.</summary>
    private static async Task<Dictionary<string, (long Cases, long Keys)>> CellsAsync(StatisticsStore store, string organization) =>
        (await store.CellsAsync(organization, null, null, null, CancellationToken.None))
            .Where(cell => cell.ToTotals().Counts[StatisticsKeys.Cases] != 0)
            .ToDictionary(cell => cell.Admin1, cell => (cell.ToTotals().Counts[StatisticsKeys.Cases], cell.ToTotals().Keys[StatisticsKeys.Cases]));

    private static Task DeleteListingAsync(IServiceProvider services, string organization) =>
        services.GetRequiredService<StorageClients>().Table(TableNames.StatisticsOrganizations).DeleteEntityAsync(StatisticsRows.OrganizationsPartition, organization);
}
