using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Tests.Foundation;

public sealed class StorageInitializerTests
{
    [Fact]
    public async Task In_Azure_start_up_makes_no_storage_call()
    {
        // Nothing listens on port 1: any call would fail, so completing means no call was made.
        var unreachable = new StorageAccountSettings(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:1/devstoreaccount1",
            null, null, null, null);
        var initializer = new StorageInitializer(new StorageClients(unreachable), new HostingEnvironmentInfo(IsLocalDevelopment: false));

        await initializer.StartAsync(CancellationToken.None);
    }
}
