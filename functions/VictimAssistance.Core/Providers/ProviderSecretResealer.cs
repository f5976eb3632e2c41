using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Providers;

/// <summary>How many stored webhook secrets were resealed, and the providers whose secret cannot be opened.</summary>
public sealed record SecretResealing(int Resealed, IReadOnlyList<string> Unreadable);

/// <summary>
/// At start-up, off the start path, reseals the webhook secrets stored in clear or with an older data key
/// (<see cref="ProviderDirectory.ResealSecretsAsync"/>). Failing changes nothing: the next start, or the next save of
/// the provider, reseals them.
/// </summary>
public sealed partial class ProviderSecretResealer(ProviderDirectory directory, ILogger<ProviderSecretResealer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var result = await directory.ResealSecretsAsync(stoppingToken).ConfigureAwait(false);
            if (result.Resealed > 0)
            {
                LogResealed(logger, result.Resealed);
            }

            foreach (var providerId in result.Unreadable)
            {
                LogUnreadable(logger, providerId);
            }
        }
        catch (Exception failure) when (StorageFaults.IsStorageFailure(failure, stoppingToken))
        {
            LogStorageFailed(logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Resealed {Count} stored webhook secrets with the current data key.")]
    private static partial void LogResealed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The stored webhook secret of provider {ProviderId} cannot be opened with the configured data keys; save the provider with its secret again.")]
    private static partial void LogUnreadable(ILogger logger, string providerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored webhook secrets could not be resealed: storage is unavailable. The next start, or the next save of a provider, reseals them.")]
    private static partial void LogStorageFailed(ILogger logger);
}
