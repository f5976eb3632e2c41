using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Cases;

/// <summary>
/// The outbox message is sent beside its transaction, so its processor can read the case while the transaction
/// lands: the race is played out in a fixed order with <see cref="RequestOrder"/>, on real Azurite.
/// </summary>
public sealed class OutboxRaceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Caller Caseworker = new("caseworker-1", Roles.Caseworker, new OrganizationScope("org-outbox-race"));

    [Fact]
    public async Task A_transaction_that_lands_between_the_processors_reads_of_its_entries_and_of_the_head_is_still_finished()
    {
        var order = new RequestOrder();
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString, collection => collection.AddSingleton<HttpPipelinePolicy>(order));
        // The processor reads the entries before the transaction, and the head after it.
        order.After(awaited: IsOutboxRead, held: IsTransaction);
        order.After(awaited: IsTransaction, held: IsHeadRead);
        var registering = services.GetRequiredService<CaseService>().RegisterAsync(Caseworker, RegistrationDetails(), idempotencyKey: null, CancellationToken.None);
        var message = await NextOutboxMessageAsync();

        await services.GetRequiredService<CaseOutboxProcessor>().ProcessAsync(message, CancellationToken.None);

        var caseId = (await registering).Value!.Case.CaseId;
        var pending = await azurite.Storage.Table(TableNames.Cases).QueryAsync<TableEntity>(CaseRows.RangeFilter(caseId, CaseRows.OutboxPrefix)).CountAsync();
        Assert.Equal(0, pending);
        var listed = await azurite.Storage.Table(TableNames.CasesByOrganization).QueryAsync<CaseListEntity>(TableClient.CreateQueryFilter($"CaseId eq {caseId}")).CountAsync();
        Assert.Equal(1, listed);
    }

    private static bool IsTransaction(Request request) =>
        request.Method == RequestMethod.Post && request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal);

    private static bool IsOutboxRead(Request request) =>
        request.Method == RequestMethod.Get && Uri.UnescapeDataString(request.Uri.ToString()).Contains(CaseRows.OutboxPrefix, StringComparison.Ordinal);

    private static bool IsHeadRead(Request request) =>
        request.Method == RequestMethod.Get && Uri.UnescapeDataString(request.Uri.ToString()).Contains($"RowKey='{CaseRows.Head}'", StringComparison.Ordinal);

    /// <summary>The message sent beside the transaction, which is still held back: taken off the queue as soon as it is there.</summary>
    private Task<string> NextOutboxMessageAsync() =>
        Eventually.GetAsync(
            async () => (await azurite.Storage.Queue(QueueNames.CaseOutbox).ReceiveMessagesAsync(1)).Value.SingleOrDefault()?.Body.ToString(),
            body => body is not null,
            "the outbox message")!;

    private static CaseDetails RegistrationDetails() =>
        JsonSerializer.Deserialize(CaseSamples.Registration(referralConsent: false).ToJsonString(), CaseJson.Api.CaseDetails)!;
}
