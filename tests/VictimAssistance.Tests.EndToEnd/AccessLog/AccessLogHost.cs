using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using VictimAssistance.Core.AccessLog;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.AccessLog;

/// <summary>
/// The LocalHost whose access records take their time from <see cref="Clock"/>, which only a test moves: the order
/// of records is then the order a test read in, whatever the machine's clock does. The rest of the app keeps real time.
/// </summary>
public sealed class AccessLogHost : LocalHostFixture
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    protected override void Customize(WebApplicationBuilder builder) =>
        builder.Services.AddSingleton(provider => new AccessRecorder(provider.GetRequiredService<StorageClients>(), Clock));
}
