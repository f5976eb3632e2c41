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
/// A loaded storage account or network may carry out a write and lose its answer; the storage client then tries
/// again, or gives up. Either way the work the write acknowledged (or might have) is still finished.
/// </summary>
public sealed class LostAnswerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Caller Caseworker = new("caseworker-1", Roles.Caseworker, new OrganizationScope("org-lost-answers"));

    [Fact]
    public async Task A_registration_applied_whose_every_answer_was_lost_is_still_followed_up()
    {
        var lost = new LostAnswers();
        await using var services = await StartCoreAsync(lost);
        lost.LoseNext(StorageClients.MaxRetries + 1, request => request.Method == RequestMethod.Post && request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal));

        var failure = await Record.ExceptionAsync(() => services.GetRequiredService<CaseService>().RegisterAsync(Caseworker, RegistrationDetails(), idempotencyKey: null, CancellationToken.None));

        Assert.True(StorageFaults.IsUnavailable(failure!, CancellationToken.None));
        var message = Assert.Single((await azurite.Storage.Queue(QueueNames.CaseOutbox).ReceiveMessagesAsync(32)).Value);
        await services.GetRequiredService<CaseOutboxProcessor>().ProcessAsync(message.Body.ToString(), CancellationToken.None);
        var caseId = JsonSerializer.Deserialize(message.Body.ToString(), CaseJson.Default.CaseOutboxMessage)!.CaseId;
        Assert.Equal(0, await PendingOutboxEntriesAsync(caseId));
        Assert.Equal(1, (await ListRowAsync(caseId)).Version);
    }

    [Fact]
    public async Task An_outbox_lease_whose_answer_was_lost_is_known_as_its_own_and_the_entry_is_finished_at_once()
    {
        var lost = new LostAnswers();
        await using var services = await StartCoreAsync(lost);
        var registered = await services.GetRequiredService<CaseService>().RegisterAsync(Caseworker, RegistrationDetails(), idempotencyKey: null, CancellationToken.None);
        var caseId = registered.Value!.Case.CaseId;
        var message = Assert.Single((await azurite.Storage.Queue(QueueNames.CaseOutbox).ReceiveMessagesAsync(32)).Value);
        lost.LoseNext(1, request => request.Method == RequestMethod.Put && request.Uri.ToUri().AbsoluteUri.Contains(CaseRows.OutboxPrefix, StringComparison.Ordinal));

        await services.GetRequiredService<CaseOutboxProcessor>().ProcessAsync(message.Body.ToString(), CancellationToken.None);

        Assert.Equal(0, await PendingOutboxEntriesAsync(caseId));
        Assert.Equal(1, (await ListRowAsync(caseId)).Version);
    }

    private Task<ServiceProvider> StartCoreAsync(LostAnswers lost) =>
        CoreOnAzurite.StartAsync(azurite.ConnectionString, services => services.AddSingleton<HttpPipelinePolicy>(lost));

    private Task<int> PendingOutboxEntriesAsync(string caseId) =>
        azurite.Storage.Table(TableNames.Cases).QueryAsync<TableEntity>(CaseRows.RangeFilter(caseId, CaseRows.OutboxPrefix)).CountAsync().AsTask();

    private Task<CaseListEntity> ListRowAsync(string caseId) =>
        azurite.Storage.Table(TableNames.CasesByOrganization).QueryAsync<CaseListEntity>(TableClient.CreateQueryFilter($"CaseId eq {caseId}")).SingleAsync().AsTask();

    private static CaseDetails RegistrationDetails() =>
        JsonSerializer.Deserialize(CaseSamples.Registration(referralConsent: false).ToJsonString(), CaseJson.Api.CaseDetails)!;
}
