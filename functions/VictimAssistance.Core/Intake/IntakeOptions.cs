namespace VictimAssistance.Core.Intake;

/// <summary>
/// The KoboToolbox intake keys, bound from <c>Intake:Keys:{n}:Key</c> and <c>Intake:Keys:{n}:Organization</c>.
/// In Azure each key is a Key Vault reference, so the secret is a setting's value, never its name.
/// </summary>
public sealed class IntakeOptions
{
    public const string SectionName = "Intake";
    public const int MinimumKeyLength = 32;

    public IList<IntakeKey> Keys { get; } = [];

    /// <summary>How long a held submission may wait for a caseworker before the alert fires (<c>Intake:HeldAlertAfter</c>).</summary>
    public TimeSpan HeldAlertAfter { get; set; } = TimeSpan.FromDays(2);
}

/// <summary>One intake key and the organisation whose submissions arrive with it.</summary>
public sealed class IntakeKey
{
    public string Key { get; set; } = string.Empty;

    public string Organization { get; set; } = string.Empty;

    /// <summary>The KoboToolbox project whose submissions the reconciliation pulls for this key's organisation (optional).</summary>
    public KoboServer Kobo { get; set; } = new();
}

/// <summary>
/// <c>Intake:Keys:{n}:Kobo:ServerUrl</c> (e.g. https://kf.kobotoolbox.org), <c>…:AssetUid</c> (the form's project) and
/// <c>…:ApiToken</c> (a KoboToolbox API token that may view its submissions; a Key Vault reference in Azure).
/// </summary>
public sealed class KoboServer
{
    public string ServerUrl { get; set; } = string.Empty;

    public string AssetUid { get; set; } = string.Empty;

    public string ApiToken { get; set; } = string.Empty;

    public bool IsConfigured => ServerUrl.Length > 0 || AssetUid.Length > 0 || ApiToken.Length > 0;
}
