using System.Text;
using System.Text.Json.Nodes;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Validation;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Cases;

/// <summary>Every registration rule of API.md, one row each: the mutation, and the field path the error must name.</summary>
public sealed class CaseValidationTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);

    public static TheoryData<string, Action<JsonObject>, string> InvalidRegistrations() => new()
    {
        { "victimType missing", body => body.Remove("victimType"), "victimType" },
        { "victimType not in vocabulary", body => body["victimType"] = "bystander", "victimType" },
        { "survivor missing", body => body.Remove("survivor"), "survivor" },
        { "givenName missing", body => Survivor(body).Remove("givenName"), "survivor.givenName" },
        { "givenName blank after trimming", body => Survivor(body)["givenName"] = "   ", "survivor.givenName" },
        { "givenName over 100", body => Survivor(body)["givenName"] = new string('a', 101), "survivor.givenName" },
        { "familyName missing", body => Survivor(body).Remove("familyName"), "survivor.familyName" },
        { "familyName over 100", body => Survivor(body)["familyName"] = new string('a', 101), "survivor.familyName" },
        { "sex missing", body => Survivor(body).Remove("sex"), "survivor.sex" },
        { "sex not in vocabulary", body => Survivor(body)["sex"] = "f", "survivor.sex" },
        { "dateOfBirth in the future", body => Survivor(body)["dateOfBirth"] = "2026-12-01", "survivor.dateOfBirth" },
        { "dateOfBirth not a date", body => Survivor(body)["dateOfBirth"] = "14/03/1988", "survivor.dateOfBirth" },
        { "estimatedAge negative", body => Survivor(body)["estimatedAge"] = -1, "survivor.estimatedAge" },
        { "estimatedAge over 120", body => Survivor(body)["estimatedAge"] = 121, "survivor.estimatedAge" },
        { "phone not E.164", body => Survivor(body)["phone"] = "0501234567", "survivor.phone" },
        { "phone with spaces", body => Survivor(body)["phone"] = "+994 50 123 45 67", "survivor.phone" },
        { "preferredLanguage not a code", body => Survivor(body)["preferredLanguage"] = "Azerbaijani language", "survivor.preferredLanguage" },
        { "location missing", body => Survivor(body).Remove("location"), "survivor.location.admin1" },
        { "admin1 missing", body => Location(body).Remove("admin1"), "survivor.location.admin1" },
        { "admin1 over 20", body => Location(body)["admin1"] = new string('A', 21), "survivor.location.admin1" },
        { "admin1 with a space", body => Location(body)["admin1"] = "AZ AGM", "survivor.location.admin1" },
        { "admin2 over 100", body => Location(body)["admin2"] = new string('a', 101), "survivor.location.admin2" },
        { "functioning below 1", body => Functioning(body)["walking"] = 0, "survivor.functioning.walking" },
        { "functioning above 4", body => Functioning(body)["selfCare"] = 5, "survivor.functioning.selfCare" },
        { "incident missing", body => body.Remove("incident"), "incident.deviceType" },
        { "deviceType missing", body => Incident(body).Remove("deviceType"), "incident.deviceType" },
        { "deviceType not in vocabulary", body => Incident(body)["deviceType"] = "landmine", "incident.deviceType" },
        { "incident date in the future", body => Incident(body)["date"] = "2027-01-01", "incident.date" },
        { "civilianStatus not in vocabulary", body => Incident(body)["civilianStatus"] = "farmer", "incident.civilianStatus" },
        { "incident admin1 malformed", body => Incident(body)["location"] = new JsonObject { ["admin1"] = "AZ/AGM" }, "incident.location.admin1" },
        { "legalBasis missing", body => body.Remove("legalBasis"), "legalBasis" },
        { "legalBasis not in vocabulary", body => body["legalBasis"] = "contract", "legalBasis" },
        { "consent missing", body => body.Remove("consent"), "consent.referral" },
        { "consent.referral missing", body => body["consent"]!.AsObject().Remove("referral"), "consent.referral" },
        { "givenBy missing with referral consent", body => body["consent"]!.AsObject().Remove("givenBy"), "consent.givenBy" },
        { "givenBy not in vocabulary", body => body["consent"]!["givenBy"] = "neighbour", "consent.givenBy" },
        { "more than 10 needs", body => body["needs"] = new JsonArray(Enumerable.Range(0, 11).Select(_ => (JsonNode?)new JsonObject { ["serviceType"] = "medical" }).ToArray()), "needs" },
        { "need without serviceType", body => Need(body).Remove("serviceType"), "needs[0].serviceType" },
        { "need serviceType not in vocabulary", body => Need(body)["serviceType"] = "housing", "needs[0].serviceType" },
        { "need urgency not in vocabulary", body => Need(body)["urgency"] = "urgent", "needs[0].urgency" },
        { "need notes over 2000", body => Need(body)["notes"] = new string('n', 2001), "needs[0].notes" },
        { "unknown top-level property", body => body["organization"] = "org-other", "organization" },
        { "unknown nested property", body => Survivor(body)["nationalId"] = "123", "survivor.nationalId" },
        { "server field caseId", body => body["caseId"] = "abc", "caseId" },
        { "control character", body => Survivor(body)["familyName"] = "Mamma\u0000dova", "survivor.familyName" },
        { "wrong type", body => Functioning(body)["seeing"] = "1", "survivor.functioning.seeing" },
    };

    [Theory]
    [MemberData(nameof(InvalidRegistrations))]
    public void Each_rule_refuses_with_the_field_path_and_never_the_value(string rule, Action<JsonObject> mutate, string fieldPath)
    {
        var body = CaseSamples.Registration();
        mutate(body);

        var problem = Validate(body);

        Assert.NotNull(problem);
        Assert.True(problem!.Errors!.ContainsKey(fieldPath), $"{rule}: expected '{fieldPath}' in {string.Join(", ", problem.Errors!.Keys)}");
        var messages = string.Join(' ', problem.Errors!.Values.SelectMany(message => message));
        Assert.DoesNotContain(CaseSamples.GivenName, messages, StringComparison.Ordinal);
        Assert.DoesNotContain("0501234567", messages, StringComparison.Ordinal);
        Assert.DoesNotContain("nationalId\":", messages, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("API.md example")]
    [InlineData("without referral consent or givenBy")]
    [InlineData("minimal")]
    [InlineData("tab and newline in notes, CR LF normalised")]
    [InlineData("indirect victim with estimated age and today's date")]
    public void Valid_registrations_pass(string variant)
    {
        var body = CaseSamples.Registration();
        switch (variant)
        {
            case "without referral consent or givenBy":
                body["consent"] = new JsonObject { ["referral"] = false };
                break;
            case "minimal":
                body = new JsonObject
                {
                    ["victimType"] = "survivor",
                    ["survivor"] = new JsonObject { ["givenName"] = "A", ["familyName"] = "B", ["sex"] = "unknown", ["location"] = new JsonObject { ["admin1"] = "X" } },
                    ["incident"] = new JsonObject { ["deviceType"] = "unknown" },
                    ["legalBasis"] = "vital_interest",
                    ["consent"] = new JsonObject { ["referral"] = false },
                };
                break;
            case "tab and newline in notes, CR LF normalised":
                Need(body)["notes"] = "line one\r\n\tline two";
                break;
            case "indirect victim with estimated age and today's date":
                body["victimType"] = "indirect_victim";
                Survivor(body)["dateOfBirth"] = null;
                Survivor(body)["estimatedAge"] = 0;
                Incident(body)["date"] = Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                break;
        }

        Assert.Null(Validate(body));
    }

    [Fact]
    public void Strings_are_trimmed_and_CR_LF_becomes_LF()
    {
        var body = CaseSamples.Registration();
        Survivor(body)["givenName"] = "  Aysel \t";
        Need(body)["notes"] = "a\r\nb";

        var details = StrictJson.Deserialize(Encoding.UTF8.GetBytes(body.ToJsonString()), CaseJson.Default.CaseDetails).Value!;

        Assert.Equal("Aysel", details.Survivor!.GivenName);
        Assert.Equal("a\nb", details.Needs![0].Notes);
    }

    private static Problem? Validate(JsonObject body)
    {
        var parsed = StrictJson.Deserialize(Encoding.UTF8.GetBytes(body.ToJsonString()), CaseJson.Default.CaseDetails);
        if (parsed.Problem is not null)
        {
            return parsed.Problem;
        }

        var errors = CaseValidator.Validate(parsed.Value!, Today);
        return errors.IsEmpty ? null : errors.ToProblem();
    }

    private static JsonObject Survivor(JsonObject body) => body["survivor"]!.AsObject();

    private static JsonObject Location(JsonObject body) => Survivor(body)["location"]!.AsObject();

    private static JsonObject Functioning(JsonObject body) => Survivor(body)["functioning"]!.AsObject();

    private static JsonObject Incident(JsonObject body) => body["incident"]!.AsObject();

    private static JsonObject Need(JsonObject body) => body["needs"]![0]!.AsObject();
}
