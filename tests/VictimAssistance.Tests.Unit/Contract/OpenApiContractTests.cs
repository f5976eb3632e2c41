using System.Text;
using System.Text.Json.Nodes;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Contract;

/// <summary>The response checker that every end-to-end call goes through can tell a conforming response from a drift.</summary>
public sealed class OpenApiContractTests
{
    private static readonly OpenApiContract Contract = OpenApiContract.Served;

    [Fact]
    public void The_documented_example_of_a_case_conforms()
    {
        var example = Contract.Document["paths"]!["/cases/{caseId}"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["example"]!;

        Assert.Null(Contract.Violation(HttpMethod.Get, "/api/cases/3f2c9a6e1b7d4c0e8a5f2d1c9b8a7e6d", 200, "application/json", Bytes(example)));
    }

    [Fact]
    public void A_body_that_breaks_the_schema_is_reported_with_its_location()
    {
        var example = Contract.Document["paths"]!["/cases/{caseId}"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["example"]!.DeepClone();
        example["survivor"]!["sex"] = "f";
        example["unexpected"] = true;

        var violation = Contract.Violation(HttpMethod.Get, "/api/cases/3f2c9a6e1b7d4c0e8a5f2d1c9b8a7e6d", 200, "application/json", Bytes(example));

        Assert.NotNull(violation);
        Assert.Contains("/survivor/sex", violation, StringComparison.Ordinal);
        Assert.Contains("unexpected", violation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/api/cases/3f2c9a6e1b7d4c0e8a5f2d1c9b8a7e6d", 409, "application/problem+json", "not documented")]
    [InlineData("GET", "/api/cases/3f2c9a6e1b7d4c0e8a5f2d1c9b8a7e6d", 404, "application/json", "documented as application/problem+json")]
    [InlineData("GET", "/api/cases/3f2c9a6e1b7d4c0e8a5f2d1c9b8a7e6d", 404, null, "documented as application/problem+json")]
    [InlineData("DELETE", "/api/cases/3f2c9a6e1b7d4c0e8a5f2d1c9b8a7e6d", 404, "application/problem+json", "no operation")]
    [InlineData("GET", "/api/no-such-thing", 404, null, "no operation")]
    [InlineData("GET", "/cases", 200, "application/json", "no operation")]
    public void An_undocumented_route_status_or_content_type_is_reported(string method, string path, int status, string? mediaType, string reason)
    {
        var problem = Encoding.UTF8.GetBytes("""{"type":"about:blank","title":"Not found","status":404}""");

        var violation = Contract.Violation(new HttpMethod(method), path, status, mediaType, problem);

        Assert.NotNull(violation);
        Assert.Contains(reason, violation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_problem_must_be_a_problem_and_a_400_must_name_its_fields()
    {
        var withoutErrors = Encoding.UTF8.GetBytes("""{"type":"about:blank","title":"The request is invalid","status":400}""");
        var notAProblem = Encoding.UTF8.GetBytes("""{"message":"no"}""");

        Assert.NotNull(Contract.Violation(HttpMethod.Post, "/api/cases", 400, "application/problem+json", withoutErrors));
        Assert.NotNull(Contract.Violation(HttpMethod.Get, "/api/cases/x", 404, "application/problem+json", notAProblem));
        Assert.NotNull(Contract.Violation(HttpMethod.Get, "/api/cases/x", 404, "application/problem+json", Encoding.UTF8.GetBytes("not json")));
    }

    [Fact]
    public void Concrete_paths_win_over_templates_and_methods_must_be_documented()
    {
        Assert.Equal("/cases/{caseId}/history", Contract.OperationTemplate(HttpMethod.Get, "/api/cases/abc/history"));
        Assert.Equal("/cases/{caseId}", Contract.OperationTemplate(HttpMethod.Patch, "/api/cases/abc"));
        Assert.Equal("/openapi.json", Contract.OperationTemplate(HttpMethod.Get, "/api/openapi.json"));
        Assert.Null(Contract.OperationTemplate(HttpMethod.Put, "/api/cases/abc"));
        Assert.Null(Contract.OperationTemplate(HttpMethod.Get, "/api/cases/abc/def/history"));
    }

    private static byte[] Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());
}
