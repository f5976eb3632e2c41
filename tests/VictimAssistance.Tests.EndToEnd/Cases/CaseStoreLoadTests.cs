using System.Reflection;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Cases;

/// <summary>
/// <see cref="CaseStore.LoadAsync"/> reads the head and the feature rows in one query on a real Azurite: every
/// column as the typed read gives it, nothing of the partition's other rows, and a torn read still read again.
/// </summary>
public sealed class CaseStoreLoadTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [Fact]
    public async Task A_load_gives_every_column_of_the_head_and_the_referrals_and_none_of_the_events_outbox_or_markers()
    {
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString);
        var caseId = CaseIds.New();
        var head = Filled<CaseHeadEntity>(caseId, CaseRows.Head, version: 5);
        var referrals = new[] { Filled<ReferralEntity>(caseId, ReferralEntity.RowKeyOf("r1"), version: 4), Filled<ReferralEntity>(caseId, ReferralEntity.RowKeyOf("r2"), version: 5) };
        await SubmitAsync(services, [head, .. referrals, new CaseEventEntity { PartitionKey = caseId, RowKey = CaseRows.Event(1) },
            new OutboxEntity { PartitionKey = caseId, RowKey = CaseRows.Outbox(5) }, new TableEntity(caseId, CaseRows.Marker("key"))]);

        var record = await services.GetRequiredService<CaseStore>().LoadAsync(caseId, CancellationToken.None);

        AssertSameColumns(head, record!.Head);
        Assert.Equal(2, record.Rows.Count);
        AssertSameColumns(referrals[0], Assert.IsType<ReferralEntity>(record.Rows[0]));
        AssertSameColumns(referrals[1], Assert.IsType<ReferralEntity>(record.Rows[1]));
    }

    [Fact]
    public async Task A_case_without_a_head_loads_as_absent()
    {
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString);
        var caseId = CaseIds.New();
        await SubmitAsync(services, [Filled<ReferralEntity>(caseId, ReferralEntity.RowKeyOf("r1"), version: 1)]);

        Assert.Null(await services.GetRequiredService<CaseStore>().LoadAsync(caseId, CancellationToken.None));
    }

    [Fact]
    public async Task A_referral_row_newer_than_the_head_is_never_returned_with_it()
    {
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString);
        var caseId = CaseIds.New();
        await SubmitAsync(services, [Filled<CaseHeadEntity>(caseId, CaseRows.Head, version: 2), Filled<ReferralEntity>(caseId, ReferralEntity.RowKeyOf("r1"), version: 3)]);

        await Assert.ThrowsAsync<ConcurrentChangesException>(() => services.GetRequiredService<CaseStore>().LoadAsync(caseId, CancellationToken.None));
    }

    private static Task SubmitAsync(IServiceProvider services, IEnumerable<ITableEntity> rows) =>
        services.GetRequiredService<StorageClients>().Table(TableNames.Cases).SubmitTransactionAsync(rows.Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)));

    /// <summary>A row with every column set to a value unlike its default, so a column the load leaves out shows.</summary>
    private static T Filled<T>(string caseId, string rowKey, int version)
        where T : ITableEntity, new()
    {
        var row = new T { PartitionKey = caseId, RowKey = rowKey };
        foreach (var property in Columns(typeof(T)))
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            object value = type == typeof(string) ? $"{property.Name}-{rowKey}"
                : type == typeof(int) ? version
                : type == typeof(long) ? 1_000_000_000_000L + version
                : type == typeof(bool) ? true
                : type == typeof(DateTimeOffset) ? At.AddMinutes(version)
                : throw new InvalidOperationException($"No sample value for {typeof(T).Name}.{property.Name} ({type.Name}).");
            property.SetValue(row, value);
        }

        return row;
    }

    private static void AssertSameColumns<T>(T expected, T actual)
        where T : ITableEntity
    {
        Assert.Equal((expected.PartitionKey, expected.RowKey), (actual.PartitionKey, actual.RowKey));
        foreach (var property in Columns(typeof(T)))
        {
            Assert.Equal((property.Name, property.GetValue(expected)), (property.Name, property.GetValue(actual)));
        }
    }

    private static IEnumerable<PropertyInfo> Columns(Type type) =>
        type.GetProperties().Where(property => property.CanWrite
            && property.Name is not (nameof(ITableEntity.PartitionKey) or nameof(ITableEntity.RowKey) or nameof(ITableEntity.Timestamp) or nameof(ITableEntity.ETag)));
}
