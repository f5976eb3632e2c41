using VictimAssistance.Core.Cases;

namespace VictimAssistance.Tests.Cases;

/// <summary>If-Match as RFC 9110 §13.1.1 reads it: a list of entity tags compared strongly.</summary>
public sealed class CaseETagTests
{
    [Fact]
    public void An_absent_header_pins_nothing()
    {
        var parsed = CaseETag.ParseIfMatch(null);

        Assert.Null(parsed.Problem);
        Assert.Null(parsed.Value);
    }

    [Theory]
    [InlineData("\"3\"", new[] { 3 })]
    [InlineData(" \"3\" ", new[] { 3 })]
    [InlineData("\"3\", \"5\"", new[] { 3, 5 })]
    [InlineData("\"3\",,\"5\",", new[] { 3, 5 })]
    [InlineData("W/\"3\"", new int[0])]
    [InlineData("\"stale\"", new int[0])]
    [InlineData("\"\"", new int[0])]
    [InlineData("\"a,b\", \"4\"", new[] { 4 })]
    public void A_list_of_entity_tags_names_the_strong_versions_this_API_issued(string header, int[] versions)
    {
        var parsed = CaseETag.ParseIfMatch(header);

        Assert.Null(parsed.Problem);
        Assert.Equal(versions.Order(), parsed.Value!.Versions!.Order());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    public void A_star_matches_any_version_of_an_existing_case(int version)
    {
        var parsed = CaseETag.ParseIfMatch(" * ");

        Assert.Null(parsed.Problem);
        Assert.True(parsed.Value!.Matches(version));
    }

    [Fact]
    public void A_list_matches_only_the_versions_it_names()
    {
        var parsed = CaseETag.ParseIfMatch("\"3\", W/\"4\"");

        Assert.True(parsed.Value!.Matches(3));
        Assert.False(parsed.Value.Matches(4));
    }

    [Theory]
    [InlineData("")]
    [InlineData("3")]
    [InlineData("stale")]
    [InlineData("\"3")]
    [InlineData("\"3\" \"4\"")]
    [InlineData("\"3\"x")]
    [InlineData("w/\"3\"")]
    [InlineData("\"tab\tinside\"")]
    [InlineData(",")]
    public void Anything_else_is_a_validation_problem_naming_the_header(string header)
    {
        var parsed = CaseETag.ParseIfMatch(header);

        var problem = Assert.IsType<VictimAssistance.Core.Validation.Problem>(parsed.Problem);
        Assert.Equal(["If-Match"], problem.Errors!.Keys);
    }

    [Fact]
    public void The_problem_never_echoes_the_header()
    {
        var problem = CaseETag.ParseIfMatch("Aysel-Mammadova").Problem!;

        Assert.DoesNotContain("Aysel", $"{problem.Title} {problem.Detail} {string.Join(' ', problem.Errors!.Values.SelectMany(messages => messages))}", StringComparison.Ordinal);
    }
}
