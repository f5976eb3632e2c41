using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using VictimAssistance.Core.AccessLog;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Reliability;

/// <summary>
/// A queue message whose work storage did not answer goes back on its queue for later, and its delivery succeeds:
/// the host's five quick attempts, spent on a busy storage account, would park it in poison with nothing wrong
/// with it (a referral left requested, a read missing from the access log).
/// </summary>
public sealed class TransientFaultRequeueTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_route_referral_message_whose_case_storage_did_not_answer_is_sent_again_for_later()
    {
        var lost = new LostAnswers();
        await using var services = await StartCoreAsync(lost);
        var message = JsonSerializer.Serialize(new RouteReferralMessage(Guid.NewGuid().ToString("N"), [Guid.NewGuid().ToString("N")]), ReferralJson.Default.RouteReferralMessage);
        lost.LoseNext(StorageClients.MaxRetries + 1, request => request.Method == RequestMethod.Get && request.Uri.Path.Contains($"/{TableNames.Cases}(", StringComparison.Ordinal));

        await services.GetRequiredService<ReferralRouter>().RouteAsync(message, CancellationToken.None);

        Assert.Equal(1, await WaitingAsync(QueueNames.RouteReferral));
    }

    [Fact]
    public async Task An_access_log_message_whose_rows_storage_did_not_answer_is_sent_again_for_later()
    {
        var lost = new LostAnswers();
        await using var services = await StartCoreAsync(lost);
        var read = new AccessLogMessage(Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow, "caseworker-1", Roles.Caseworker, AccessRoutes.Case, [new AccessedRecord(Guid.NewGuid().ToString("N"), null)]);
        lost.LoseNext(StorageClients.MaxRetries + 1, request => request.Method == RequestMethod.Post && request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal));

        await services.GetRequiredService<AccessLogWriter>().WriteAsync(JsonSerializer.Serialize(read, AccessLogJson.Default.AccessLogMessage), CancellationToken.None);

        Assert.Equal(1, await WaitingAsync(QueueNames.AccessLog));
    }

    private Task<ServiceProvider> StartCoreAsync(LostAnswers lost) =>
        CoreOnAzurite.StartAsync(azurite.ConnectionString, services => services.AddSingleton<HttpPipelinePolicy>(lost));

    /// <summary>Messages on the queue, visible or not yet: the one sent again waits <see cref="TransientFaultRequeue.Delay"/>.</summary>
    private async Task<int> WaitingAsync(string queue) =>
        (await azurite.Storage.Queue(queue).GetPropertiesAsync()).Value.ApproximateMessagesCount;
}
