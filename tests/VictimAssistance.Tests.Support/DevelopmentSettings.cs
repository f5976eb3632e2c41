using VictimAssistance.Core.Secrets;
using VictimAssistance.Core.Security;

namespace VictimAssistance.Tests.Support;

/// <summary>
/// What every test host sets explicitly: local development mode (the host must also be reached on a loopback
/// address), and a data key of the tests' own rather than the sample's.
/// </summary>
public static class DevelopmentSettings
{
    public const string DataKeyId = "tests";
    public const string DataKey = "Apwuhat73LbePkj55B3sixqFb6c1HQRdMdhGkqrZZQ8=";

    public static Dictionary<string, string?> Values() => new()
    {
        [HostingEnvironmentInfo.ModeSetting] = HostingEnvironmentInfo.DevelopmentMode,
        [$"{SecretsOptions.SectionName}:DataKeys:{DataKeyId}"] = DataKey,
        [$"{SecretsOptions.SectionName}:CurrentKeyId"] = DataKeyId,
    };
}
