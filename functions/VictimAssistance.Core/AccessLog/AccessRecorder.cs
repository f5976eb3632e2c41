using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Telemetry;

namespace VictimAssistance.Core.AccessLog;

/// <summary>
/// Records a read in the access log before its answer leaves: one message on the access-log queue per read, whatever
/// it disclosed, so a read costs one storage call more however many cases it lists. A read whose message could not be
/// queued throws, and is answered as the storage fault it is (503), never with the data.
/// </summary>
public sealed class AccessRecorder(StorageClients storage, TimeProvider time)
{
    public Task RecordAsync(Caller caller, string route, string caseId, string? referralId, CancellationToken cancellationToken) =>
        RecordAsync(caller, route, [new AccessedRecord(caseId, referralId)], cancellationToken);

    /// <summary>A read that disclosed nothing (an empty page) records nothing.</summary>
    public async Task RecordAsync(Caller caller, string route, IReadOnlyList<AccessedRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return;
        }

        var message = new AccessLogMessage(Guid.NewGuid().ToString("N"), time.GetUtcNow(), caller.Subject, caller.Role, route, records, AppTelemetry.CurrentTraceParent);
        await storage.SendAsync(QueueNames.AccessLog, message, AccessLogJson.Default.AccessLogMessage, visibilityDelay: null, cancellationToken).ConfigureAwait(false);
    }
}
