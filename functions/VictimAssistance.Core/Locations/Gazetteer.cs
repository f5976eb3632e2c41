using System.Text.Json;
using System.Text.Json.Serialization;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Locations;

/// <summary>An area of the gazetteer: an admin1 code with its name, and optionally the admin2 codes inside it.</summary>
public sealed record GazetteerArea(string Code, string Name, IReadOnlyList<GazetteerArea>? Admin2 = null);

/// <summary>The gazetteer file: its name (shown in errors) and its admin1 areas.</summary>
public sealed record GazetteerDocument(string Name, IReadOnlyList<GazetteerArea> Admin1);

/// <summary>
/// The administrative areas a location may name: <c>admin1</c> must be one of its codes (case-insensitively), and
/// <c>admin2</c> one of that area's admin2 codes when the gazetteer lists any for it. The deployment chooses the
/// file (<see cref="GazetteerOptions"/>); the built-in one is ISO 3166-2:AZ.
/// </summary>
public sealed class Gazetteer
{
    private const string BuiltInResource = "VictimAssistance.Core.Locations.iso-3166-2-az.json";

    private readonly Dictionary<string, HashSet<string>?> admin2ByAdmin1;

    private Gazetteer(GazetteerDocument document)
    {
        Name = document.Name;
        Example = document.Admin1[0].Code;
        admin2ByAdmin1 = document.Admin1.ToDictionary(
            area => area.Code,
            area => area.Admin2 is { Count: > 0 } admin2 ? admin2.Select(inner => inner.Code).ToHashSet(StringComparer.OrdinalIgnoreCase) : null,
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>ISO 3166-2:AZ: Azerbaijan's autonomous republic, 11 municipalities and 66 rayons.</summary>
    public static Gazetteer BuiltIn { get; } = Read(typeof(Gazetteer).Assembly.GetManifestResourceStream(BuiltInResource)!, BuiltInResource);

    public string Name { get; }

    private string Example { get; }

    /// <summary>The gazetteer in the file, or the built-in one without a path; a file that cannot be used throws with why.</summary>
    public static Gazetteer Load(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return BuiltIn;
        }

        using var file = File.OpenRead(Path.IsPathRooted(path) ? path : Path.Combine(AppContext.BaseDirectory, path));
        return Read(file, path);
    }

    public bool IsAdmin1(string code) => admin2ByAdmin1.ContainsKey(code);

    /// <summary>Adds an error for an admin1 (given, well-formed) that the gazetteer lacks, or an admin2 outside it.</summary>
    public void Validate(ValidationErrors errors, string path, string? admin1, string? admin2)
    {
        if (admin1 is null)
        {
            return;
        }

        if (!admin2ByAdmin1.TryGetValue(admin1, out var admin2Codes))
        {
            errors.Add($"{path}.admin1", $"must be an admin1 code of the configured gazetteer ({Name}), such as {Example}.");
        }
        else if (admin2 is not null && admin2Codes is not null && !admin2Codes.Contains(admin2))
        {
            errors.Add($"{path}.admin2", $"must be one of the admin2 codes the configured gazetteer ({Name}) lists for this admin1.");
        }
    }

    private static Gazetteer Read(Stream json, string source)
    {
        GazetteerDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, GazetteerJson.Default.GazetteerDocument);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"The gazetteer {source} is not valid JSON (line {exception.LineNumber + 1}).", exception);
        }

        if (document is not { Name.Length: > 0, Admin1.Count: > 0 }
            || document.Admin1.Any(area => !IsArea(area) || area.Admin2?.Any(inner => !IsArea(inner)) == true))
        {
            throw new InvalidDataException(
                $"The gazetteer {source} must be {{ \"name\": \"…\", \"admin1\": [{{ \"code\": \"…\", \"name\": \"…\", \"admin2\": [ … ] }}] }} "
                + "with at least one area, every code 1 to 20 characters of A-Z, a-z, 0-9, '.', '_' or '-' and every name given.");
        }

        if (document.Admin1.Select(area => area.Code).Distinct(StringComparer.OrdinalIgnoreCase).Count() != document.Admin1.Count)
        {
            throw new InvalidDataException($"The gazetteer {source} lists an admin1 code twice.");
        }

        return new Gazetteer(document);
    }

    private static bool IsArea(GazetteerArea? area) =>
        area is { Code: not null, Name.Length: > 0 } && Cases.CaseValidator.Admin1Code().IsMatch(area.Code);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(GazetteerDocument))]
internal sealed partial class GazetteerJson : JsonSerializerContext;
