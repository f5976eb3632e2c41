using System.Text.RegularExpressions;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Security;
using VictimAssistance.LocalHost;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Documentation;

/// <summary>The repository stands alone: its documents link only inside it, and the API guide says what the code says.</summary>
public sealed partial class DocumentationTests
{
    private static readonly string Root = RepositoryLayout.FindRoot();
    private static readonly string[] NotTheRepository = [".git", "node_modules", "bin", "obj", "TestResults", ".azurite"];

    public static TheoryData<string, string[]> VocabulariesOfTheGuide() => new()
    {
        { "Sex", [.. Vocabularies.Sex] },
        { "VictimType", [.. Vocabularies.VictimType] },
        { "DeviceType", [.. Vocabularies.DeviceType] },
        { "CivilianStatus", [.. Vocabularies.CivilianStatus] },
        { "ServiceType", [.. Vocabularies.ServiceType] },
        { "Urgency", [.. Vocabularies.Urgency] },
        { "CaseStatus", [.. Vocabularies.CaseStatus] },
        { "LegalBasis", [.. Vocabularies.LegalBasis] },
        { "ConsentGivenBy", [.. Vocabularies.ConsentGivenBy] },
        { "Role", [.. Roles.All] },
    };

    [Fact]
    public void Every_link_of_every_document_points_to_a_file_of_the_repository()
    {
        var broken = RepositoryFiles("*.md")
            .SelectMany(file => Link().Matches(File.ReadAllText(file)).Select(match => (File: file, Target: match.Groups["target"].Value)))
            .Where(link => !link.Target.StartsWith('#') && !InsideTheRepository(link.File, link.Target))
            .Select(link => $"{Path.GetRelativePath(Root, link.File)} → {link.Target}")
            .ToList();

        Assert.True(broken is [], $"Links that leave the repository or lead nowhere: {string.Join(", ", broken)}");
    }

    [Fact]
    public void No_file_mentions_a_folder_beside_the_repository()
    {
        var sibling = string.Join('/', "..", "shared");

        var mentions = RepositoryFiles("*").Where(file => new FileInfo(file).Length < 1_000_000 && File.ReadAllText(file).Contains(sibling, StringComparison.Ordinal));

        Assert.Empty(mentions.Select(file => Path.GetRelativePath(Root, file)));
    }

    [Theory]
    [MemberData(nameof(VocabulariesOfTheGuide))]
    public void The_guide_lists_each_vocabulary_as_the_code_has_it(string name, string[] code)
    {
        var row = GuideLines().Single(line => line.StartsWith($"| {name} |", StringComparison.Ordinal));

        Assert.Equal(code.Order(), BacktickedValues(row).Order());
    }

    [Fact]
    public void The_guide_describes_every_history_event_type()
    {
        var documented = GuideLines()
            .SkipWhile(line => line != "## History event types")
            .TakeWhile(line => !line.StartsWith("## Choices", StringComparison.Ordinal))
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .SelectMany(line => BacktickedValues(line.Split('|')[1]));

        Assert.Equal(EventCatalog.Names.Order(), documented.Order());
    }

    private static string[] GuideLines() => File.ReadAllLines(Path.Combine(Root, "docs", "api.md"));

    private static IEnumerable<string> BacktickedValues(string text) => Backticked().Matches(text).Select(match => match.Groups[1].Value);

    private static bool InsideTheRepository(string document, string target)
    {
        if (Uri.TryCreate(target, UriKind.Absolute, out _))
        {
            return false;
        }

        var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(document)!, target.Split('#')[0]));
        return path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && (File.Exists(path) || Directory.Exists(path));
    }

    private static IEnumerable<string> RepositoryFiles(string pattern) =>
        Directory.EnumerateFiles(Root, pattern, SearchOption.AllDirectories)
            .Where(file => !Path.GetRelativePath(Root, file).Split(Path.DirectorySeparatorChar).Intersect(NotTheRepository).Any());

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();
}
