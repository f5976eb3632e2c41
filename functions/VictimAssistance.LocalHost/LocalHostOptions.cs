namespace VictimAssistance.LocalHost;

/// <summary>How <see cref="LocalHostApp.BuildAsync"/> builds a LocalHost; the defaults are a user's <c>dotnet run</c>.</summary>
public sealed record LocalHostOptions
{
    /// <summary>
    /// False: read <c>local.settings.sample.json</c> and write nothing, instead of creating <c>local.settings.json</c>
    /// from it at the repository root (tests: parallel LocalHosts never race for, or leave behind, a file).
    /// </summary>
    public bool UseLocalSettingsFile { get; init; } = true;

    /// <summary>The classes whose <c>[Function]</c> methods are served; null: every class of the Function app.</summary>
    public IReadOnlyList<Type>? FunctionClasses { get; init; }

    /// <summary>Runs after the app's own registrations, so a caller (a test) can override settings and services.</summary>
    public Action<WebApplicationBuilder>? Customize { get; init; }
}
