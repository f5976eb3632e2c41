using System.Text.Json;
using System.Text.Json.Nodes;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Tests.Cases;

/// <summary>Every registration rule of the contract, one row each: the field sent, and the field path the error must name.</summary>
public sealed class CaseValidationTests
{
    private static readonly string ElevenNeeds = $"[{string.Join(',', Enumerable.Repeat("""{"serviceType":"medical","notes":"clinic visit"}""", 11))}]";

    public static TheoryData<string, string, string?, string> InvalidRegistrations() => new()
    {
        { "victimType missing", "victimType", null, "victimType" },
        { "victimType not in vocabulary", "victimType", "\"bystander\"", "victimType" },
        { "survivor missing", "survivor", null, "survivor" },
        { "givenName missing", "survivor.givenName", null, "survivor.givenName" },
        { "givenName blank after trimming", "survivor.givenName", "\"   \"", "survivor.givenName" },
        { "givenName over 100", "survivor.givenName", $"\"{new string('a', 101)}\"", "survivor.givenName" },
        { "givenName over 100 counting a surrogate pair as one", "survivor.givenName", $"\"{string.Concat(Enumerable.Repeat("😀", 101))}\"", "survivor.givenName" },
        { "familyName missing", "survivor.familyName", null, "survivor.familyName" },
        { "familyName over 100", "survivor.familyName", $"\"{new string('b', 101)}\"", "survivor.familyName" },
        { "sex missing", "survivor.sex", null, "survivor.sex" },
        { "sex not in vocabulary", "survivor.sex", "\"woman\"", "survivor.sex" },
        { "dateOfBirth in the future", "survivor.dateOfBirth", "\"2026-12-01\"", "survivor.dateOfBirth" },
        { "dateOfBirth not a date", "survivor.dateOfBirth", "\"14/03/1988\"", "survivor.dateOfBirth" },
        { "estimatedAge negative", "survivor.estimatedAge", "-7", "survivor.estimatedAge" },
        { "estimatedAge over 120", "survivor.estimatedAge", "121", "survivor.estimatedAge" },
        { "estimatedAge not whole", "survivor.estimatedAge", "36.5", "survivor.estimatedAge" },
        { "phone not E.164", "survivor.phone", "\"0501234567\"", "survivor.phone" },
        { "phone with spaces", "survivor.phone", "\"+994 50 123 45 67\"", "survivor.phone" },
        { "preferredLanguage not a code", "survivor.preferredLanguage", "\"Azerbaijani language\"", "survivor.preferredLanguage" },
        { "location missing", "survivor.location", null, "survivor.location.admin1" },
        { "admin1 missing", "survivor.location.admin1", null, "survivor.location.admin1" },
        { "admin1 over 20", "survivor.location.admin1", $"\"{new string('A', 21)}\"", "survivor.location.admin1" },
        { "admin1 with a space", "survivor.location.admin1", "\"AZ AGM\"", "survivor.location.admin1" },
        { "admin1 not in the gazetteer", "survivor.location.admin1", "\"AZ-XYZ\"", "survivor.location.admin1" },
        { "admin1 a formula of digits", "survivor.location.admin1", "\"-1-1\"", "survivor.location.admin1" },
        { "admin1 a formula name", "survivor.location.admin1", "\"-SUM\"", "survivor.location.admin1" },
        { "incident admin1 not in the gazetteer", "incident.location.admin1", "\"AZ-AG\"", "incident.location.admin1" },
        { "admin2 over 100", "survivor.location.admin2", $"\"{new string('c', 101)}\"", "survivor.location.admin2" },
        { "admin2 blank", "survivor.location.admin2", "\" \"", "survivor.location.admin2" },
        { "functioning below 1", "survivor.functioning.walking", "0", "survivor.functioning.walking" },
        { "functioning above 4", "survivor.functioning.selfCare", "5", "survivor.functioning.selfCare" },
        { "functioning as a string", "survivor.functioning.seeing", "\"3\"", "survivor.functioning.seeing" },
        { "incident missing", "incident", null, "incident.deviceType" },
        { "deviceType missing", "incident.deviceType", null, "incident.deviceType" },
        { "deviceType not in vocabulary", "incident.deviceType", "\"landmine\"", "incident.deviceType" },
        { "incident date in the future", "incident.date", "\"2027-01-01\"", "incident.date" },
        { "civilianStatus not in vocabulary", "incident.civilianStatus", "\"farmer\"", "incident.civilianStatus" },
        { "injury blank", "incident.injuries[0]", "\"  \"", "incident.injuries[0]" },
        { "incident admin1 malformed", "incident.location.admin1", "\"AZ/AGM\"", "incident.location.admin1" },
        { "legalBasis missing", "legalBasis", null, "legalBasis" },
        { "legalBasis not in vocabulary", "legalBasis", "\"contract\"", "legalBasis" },
        { "consent missing", "consent", null, "consent.referral" },
        { "consent.referral missing", "consent.referral", null, "consent.referral" },
        { "givenBy missing with referral consent", "consent.givenBy", null, "consent.givenBy" },
        { "givenBy not in vocabulary", "consent.givenBy", "\"neighbour\"", "consent.givenBy" },
        { "more than 10 needs", "needs", ElevenNeeds, "needs" },
        { "need without serviceType", "needs[0].serviceType", null, "needs[0].serviceType" },
        { "need serviceType not in vocabulary", "needs[0].serviceType", "\"housing\"", "needs[0].serviceType" },
        { "need urgency not in vocabulary", "needs[1].urgency", "\"urgent\"", "needs[1].urgency" },
        { "need notes over 2000", "needs[0].notes", $"\"{new string('n', 2001)}\"", "needs[0].notes" },
        { "unknown top-level property", "organization", "\"org-other\"", "organization" },
        { "unknown nested property", "survivor.nationalId", "\"AZE-1988-0001234\"", "survivor.nationalId" },
        { "server field caseId", "caseId", "\"3f2c9a6e1b7d4c0e8a5f2d1c9b8a7e6d\"", "caseId" },
        { "control character", "survivor.familyName", "\"Mamma\\u0000dova\"", "survivor.familyName" },
        { "carriage return alone", "needs[0].notes", "\"fitting\\rsoon\"", "needs[0].notes" },
    };

    public static TheoryData<string, string, string?> ValidRegistrations() => new()
    {
        { "the seed case", "victimType", "\"survivor\"" },
        { "without referral consent or givenBy", "consent", """{"referral":false}""" },
        { "minimal", "$", """{"victimType":"survivor","survivor":{"givenName":"A","familyName":"B","sex":"unknown","location":{"admin1":"AZ-AGM"}},"incident":{"deviceType":"unknown"},"legalBasis":"vital_interest","consent":{"referral":false}}""" },
        { "tab and newline in notes, CR LF read as LF", "needs[0].notes", "\"line one\\r\\n\\tline two\"" },
        { "100 characters, each a surrogate pair", "survivor.givenName", $"\"{string.Concat(Enumerable.Repeat("😀", 100))}\"" },
        { "today's date in the latest time zone", "incident.date", "\"2026-11-27\"" },
        { "a padded date", "survivor.dateOfBirth", "\" 1988-03-14 \"" },
        { "a whole number written with a fraction", "survivor.estimatedAge", "36.0" },
        { "no needs at all", "needs", null },
        { "admin1 of the gazetteer in lower case", "survivor.location.admin1", "\"az-xvd\"" },
        { "admin2 free text where the gazetteer lists none", "survivor.location.admin2", "\"Quzanlı\"" },
        { "civilianStatus null", "incident.civilianStatus", "null" },
    };

    [Theory]
    [MemberData(nameof(InvalidRegistrations))]
    public void Each_rule_refuses_with_the_field_path_and_never_the_value(string rule, string field, string? json, string errorPath)
    {
        var problem = Registrations.Validate(Registrations.With(field, json)) ?? throw new Xunit.Sdk.XunitException($"{rule}: the body was accepted.");

        Assert.True(problem.Errors!.ContainsKey(errorPath), $"{rule}: expected '{errorPath}' in {string.Join(", ", problem.Errors.Keys)}");
        var shown = string.Join('\n', new[] { problem.Title, problem.Detail }.Concat(problem.Errors.Values.SelectMany(messages => messages)));
        foreach (var sent in SentTexts(json))
        {
            Assert.DoesNotContain(sent, shown, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(ValidRegistrations))]
    public void Valid_registrations_pass(string variant, string field, string? json)
    {
        var problem = Registrations.Validate(Registrations.With(field, json));

        Assert.True(problem is null, $"{variant}: {string.Join(", ", problem?.Errors?.Keys ?? [])}");
    }

    /// <summary>What a row sends, as it could appear in a message: every string (as sent and trimmed) and number in it, blanks aside.</summary>
    private static IEnumerable<string> SentTexts(string? json) =>
        json is null ? [] : Leaves(JsonNode.Parse(json)).Where(text => !string.IsNullOrWhiteSpace(text)).Distinct();

    private static IEnumerable<string> Leaves(JsonNode? node) => node switch
    {
        JsonObject value => value.SelectMany(pair => Leaves(pair.Value)),
        JsonArray items => items.SelectMany(Leaves),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => [(string)value!, ((string)value!).Trim()],
        JsonValue value => [value.ToJsonString()],
        _ => [],
    };
}
