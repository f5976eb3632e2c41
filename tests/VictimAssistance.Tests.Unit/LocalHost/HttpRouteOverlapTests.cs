using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Azure.Functions.Worker;
using VictimAssistance.Functions;
using VictimAssistance.LocalHost;

namespace VictimAssistance.Tests.LocalHost;

/// <summary>
/// No request can match two of the app's HTTP functions: the host picks among overlapping routes by its own
/// specificity order, so an overlap would make which function answers depend on that order.
/// </summary>
public sealed class HttpRouteOverlapTests
{
    [Fact]
    public void No_two_HTTP_functions_of_the_app_can_match_the_same_method_and_path()
    {
        var routes = FunctionCatalog.Discover(typeof(ServiceRegistration).Assembly)
            .Where(function => function.Trigger is HttpTriggerAttribute)
            .Select(function => (function.Name, Trigger: (HttpTriggerAttribute)function.Trigger, Route: HttpFunctionRoutes.RouteOf(function, (HttpTriggerAttribute)function.Trigger)))
            .ToList();

        var overlaps = routes
            .SelectMany((first, index) => routes.Skip(index + 1).Select(second => (first, second)))
            .Where(pair => MethodsOverlap(pair.first.Trigger.Methods, pair.second.Trigger.Methods) && PathsOverlap(pair.first.Route, pair.second.Route))
            .Select(pair => $"{pair.first.Name} ({pair.first.Route}) and {pair.second.Name} ({pair.second.Route})")
            .ToList();

        Assert.NotEmpty(routes);
        Assert.Empty(overlaps);
    }

    [Theory]
    [InlineData("cases/{caseId}", "cases/open", true)]
    [InlineData("cases/{caseId}", "cases/{id}", true)]
    [InlineData("Cases", "cases", true)]
    [InlineData("cases/{caseId}", "cases/{caseId}/history", false)]
    [InlineData("cases/{caseId}/close", "cases/{caseId}/referrals", false)]
    [InlineData("files/{*path}", "files/a/b", true)]
    [InlineData("items/{itemId?}", "items", true)]
    public void Two_routes_overlap_when_some_path_matches_both(string first, string second, bool overlap) =>
        Assert.Equal(overlap, PathsOverlap(first, second));

    [Theory]
    [InlineData(new[] { "get" }, new[] { "GET", "post" }, true)]
    [InlineData(new[] { "get" }, new[] { "patch" }, false)]
    [InlineData(null, new[] { "delete" }, true)]
    public void Two_routes_share_a_method_when_their_methods_intersect_or_either_takes_all(string[]? first, string[] second, bool overlap) =>
        Assert.Equal(overlap, MethodsOverlap(first, second));

    private static bool MethodsOverlap(string[]? first, string[]? second) =>
        first is not { Length: > 0 } || second is not { Length: > 0 } || first.Intersect(second, StringComparer.OrdinalIgnoreCase).Any();

    // Segment by segment: two literals must be equal; a parameter matches any one segment; a catch-all matches the
    // rest, and an optional parameter may be absent.
    private static bool PathsOverlap(string first, string second) =>
        SegmentsOverlap(TemplateParser.Parse(first).Segments, TemplateParser.Parse(second).Segments);

    private static bool SegmentsOverlap(IList<TemplateSegment> first, IList<TemplateSegment> second)
    {
        if (first.Count == 0 || second.Count == 0)
        {
            return Matchable(first) && Matchable(second);
        }

        var (a, b) = (first[0].Parts[0], second[0].Parts[0]);
        if (a.IsCatchAll || b.IsCatchAll)
        {
            return true;
        }

        var sameSegment = a.IsParameter || b.IsParameter || string.Equals(a.Text, b.Text, StringComparison.OrdinalIgnoreCase);
        return sameSegment && SegmentsOverlap(first.Skip(1).ToList(), second.Skip(1).ToList());
    }

    // What is left can match an empty rest of the path: nothing, or only optional and catch-all parameters.
    private static bool Matchable(IEnumerable<TemplateSegment> rest) =>
        rest.All(segment => segment.Parts[0].IsOptional || segment.Parts[0].IsCatchAll);
}
