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
}

/// <summary>One intake key and the organisation whose submissions arrive with it.</summary>
public sealed class IntakeKey
{
    public string Key { get; set; } = string.Empty;

    public string Organization { get; set; } = string.Empty;
}
