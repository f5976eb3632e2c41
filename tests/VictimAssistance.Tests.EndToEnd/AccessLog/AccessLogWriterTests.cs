using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using VictimAssistance.Core.AccessLog;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.AccessLog;

/// <summary>The access-log queue function on a real Azurite, run by hand: what a redelivery and a message that is not its own do.</summary>
public sealed class AccessLogWriterTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_redelivered_read_writes_the_same_rows_again_and_nothing_more()
    {
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString);
        var writer = services.GetRequiredService<AccessLogWriter>();
        var caseId = CaseIds.New();
        var message = Message(
            new AccessedRecord(caseId, CaseIds.New()), new AccessedRecord(caseId, CaseIds.New()), new AccessedRecord(CaseIds.New(), CaseIds.New()));

        await writer.WriteAsync(message, CancellationToken.None);
        var first = await RowsAsync(caseId);
        await writer.WriteAsync(message, CancellationToken.None);

        Assert.Equal(2, first.Count);
        Assert.Equal(first, await RowsAsync(caseId));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"readId":"0123456789abcdef0123456789abcdef","accessedAt":"2026-03-02T08:00:00Z","sub":"s","role":"admin","route":"GET /api/cases/{caseId}","records":[{"caseId":"../other"}]}""")]
    [InlineData("""{"readId":"0123456789abcdef0123456789abcdef","accessedAt":"2026-03-02T08:00:00Z","sub":"s","role":"admin","route":"GET /api/anything","records":[{"caseId":"0123456789abcdef0123456789abcdef"}]}""")]
    [InlineData("""{"readId":"0123456789abcdef0123456789abcdef","accessedAt":"2026-03-02T08:00:00Z","sub":"s","role":"root","route":"GET /api/cases/{caseId}","records":[{"caseId":"0123456789abcdef0123456789abcdef"}]}""")]
    [InlineData("""{"readId":"0123456789abcdef0123456789abcdef","accessedAt":"2026-03-02T08:00:00Z","sub":"s","role":"admin","route":"GET /api/cases/{caseId}","records":[]}""")]
    public async Task A_message_that_is_not_a_well_formed_read_is_refused_for_the_poison_queue_and_writes_nothing(string text)
    {
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString);

        await Assert.ThrowsAsync<FormatException>(() => services.GetRequiredService<AccessLogWriter>().WriteAsync(text, CancellationToken.None));
        Assert.Empty(await RowsAsync("0123456789abcdef0123456789abcdef"));
    }

    private static string Message(params AccessedRecord[] records) => JsonSerializer.Serialize(
        new AccessLogMessage(CaseIds.New(), new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero), "reader", Roles.Provider, AccessRoutes.ReferralList, records),
        AccessLogJson.Default.AccessLogMessage);

    private async Task<List<string>> RowsAsync(string caseId) =>
        (await azurite.Storage.Table(TableNames.AccessLog).QueryAsync<TableEntity>(row => row.PartitionKey == caseId).ToListAsync())
        .Select(row => $"{row.RowKey} {row.GetString("Sub")} {row.GetString("Role")} {row.GetString("Route")} {row.GetString("ReferralId")} {row.GetDateTimeOffset("AccessedAt"):O}")
        .ToList();
}
