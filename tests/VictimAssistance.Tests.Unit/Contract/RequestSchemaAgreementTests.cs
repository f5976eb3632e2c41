using System.Text.Json;
using VictimAssistance.Tests.Cases;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Contract;

/// <summary>
/// The registration schema of the OpenAPI document accepts exactly the bodies the API accepts: every row of the
/// validation tables is judged by both, JSON Schema with format assertion on.
/// </summary>
public sealed class RequestSchemaAgreementTests
{
    /// <summary>Where they differ by design, and why; each difference is asserted, so the list cannot go stale.</summary>
    private const string Gazetteer = "The gazetteer is the deployment's: the schema fixes only a code's shape, which these have; the API refuses them.";

    private static readonly Dictionary<string, string> KnownDifferences = new()
    {
        ["dateOfBirth in the future"] = "JSON Schema cannot know today's date: the API refuses, the schema accepts.",
        ["incident date in the future"] = "JSON Schema cannot know today's date: the API refuses, the schema accepts.",
        ["a padded date"] = "The API trims every string; the schema describes values after trimming, so it refuses the padding.",
        ["admin1 not in the gazetteer"] = Gazetteer,
        ["admin1 a formula of digits"] = Gazetteer,
        ["admin1 a formula name"] = Gazetteer,
        ["incident admin1 not in the gazetteer"] = Gazetteer,
    };

    public static TheoryData<string, string, string?> Rows()
    {
        var rows = new TheoryData<string, string, string?>();
        foreach (var row in CaseValidationTests.InvalidRegistrations().Concat(CaseValidationTests.ValidRegistrations()))
        {
            rows.Add((string)row[0], (string)row[1], (string?)row[2]);
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void The_registration_schema_and_the_API_agree(string rule, string field, string? json)
    {
        var body = Registrations.With(field, json);

        var apiAccepts = Registrations.Validate(body) is null;
        var schemaErrors = OpenApiContract.Served.SchemaViolation("/components/schemas/CaseRegistration", JsonSerializer.SerializeToElement(body));

        var agree = apiAccepts == (schemaErrors is null);
        if (KnownDifferences.TryGetValue(rule, out var why))
        {
            Assert.False(agree, $"{rule}: listed as a known difference ({why}) but the schema and the API agree.");
        }
        else
        {
            Assert.True(agree, $"{rule}: the API {(apiAccepts ? "accepts" : "refuses")} it, the schema {(schemaErrors is null ? "accepts" : $"refuses it:\n{schemaErrors}")}");
        }
    }
}
