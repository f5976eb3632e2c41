using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using VictimAssistance.Core.AccessLog;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Intake;
using VictimAssistance.Core.Notifications;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Contract;

/// <summary>The served OpenAPI document is valid OpenAPI 3.1 and says what the code says.</summary>
public sealed class OpenApiDocumentTests
{
    private static readonly JsonObject Document = OpenApiContract.Served.Document;

    private const string ProviderAccessEndedReasonPointer = "/components/schemas/CaseEvent/allOf/5/then/properties/data/properties/reason";

    /// <summary>Each vocabulary of the code and a field of the document that carries it.</summary>
    public static TheoryData<string, string, string[]> VocabularyFields() => new()
    {
        { "Survivor", "sex", [.. Vocabularies.Sex] },
        { "CaseSummary", "sex", [.. Vocabularies.Sex] },
        { "CaseRegistration", "victimType", [.. Vocabularies.VictimType] },
        { "Incident", "deviceType", [.. Vocabularies.DeviceType] },
        { "Incident", "civilianStatus", [.. Vocabularies.CivilianStatus] },
        { "Need", "serviceType", [.. Vocabularies.ServiceType] },
        { "Need", "urgency", [.. Vocabularies.Urgency] },
        { "ReferralRequest", "urgency", [.. Vocabularies.Urgency] },
        { "Referral", "urgency", [.. Vocabularies.Urgency] },
        { "Case", "status", [.. Vocabularies.CaseStatus] },
        { "CaseRegistration", "legalBasis", [.. Vocabularies.LegalBasis] },
        { "Consent", "givenBy", [.. Vocabularies.ConsentGivenBy] },
        { "Referral", "status", [.. Constants(typeof(ReferralStatuses))] },
        { "EventActor", "role", [.. Roles.Actors] },
        { "CompleteReferralRequest", "outcome", [.. ReferralTransitions.Outcomes] },
        { "CaseEvent", "type", [.. EventCatalog.Names] },
        { "WebhookBody", "type", [.. WebhookBody.Types] },
        { "NotificationFailedData", "reason", [.. DeliveryReasons.Failures] },
        { "NotificationDeliveredData", "channel", [.. NotificationChannels.All] },
        { "NotificationFailedData", "channel", [.. NotificationChannels.All] },
        { "ProviderWebhook", "disabledReason", [DeliveryReasons.WebhookGone] },
        { "PoisonReplay", "queue", [.. QueueNames.All] },
        { "AccessRecord", "route", [.. AccessRoutes.All] },
        { "DiscardHeldRequest", "reason", [.. DiscardReasons.All] },
        { "KoboPullSource", "outcome", [KoboReconciliation.Pulled, KoboReconciliation.Unavailable, KoboReconciliation.Unauthorized] },
    };

    [Fact]
    public async Task Loads_with_Microsoft_OpenApi_as_OpenAPI_3_1_without_errors_or_warnings()
    {
        await using var stream = File.OpenRead(OpenApiContract.DocumentPath);

        var result = await OpenApiDocument.LoadAsync(stream, OpenApiConstants.Json, new OpenApiReaderSettings());

        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, result.Diagnostic!.SpecificationVersion);
        Assert.Empty(result.Diagnostic.Errors.Select(error => error.ToString()));
        Assert.Empty(result.Diagnostic.Warnings.Select(warning => warning.ToString()));
        Assert.Empty(result.Document!.Validate(ValidationRuleSet.GetDefaultRuleSet())!.Select(error => error.ToString()));
    }

    [Theory]
    [MemberData(nameof(VocabularyFields))]
    public void Every_vocabulary_of_the_code_is_the_enum_of_its_field_in_both_directions(string schema, string property, string[] code)
    {
        var documented = EnumOf(Document["components"]!["schemas"]![schema]!["properties"]![property]!);

        Assert.True(code.Except(documented).ToList() is [], $"{schema}.{property}: in the code but not documented: {string.Join(", ", code.Except(documented))}");
        Assert.True(documented.Except(code).ToList() is [], $"{schema}.{property}: documented but not in the code: {string.Join(", ", documented.Except(code))}");
    }

    [Fact]
    public void Every_enum_of_the_document_is_a_vocabulary_checked_against_the_code()
    {
        var checkedEnums = VocabularyFields().Select(row => EnumPointer((string)row[0], (string)row[1])).Append(ProviderAccessEndedReasonPointer).Append(CaseListReferralsPointer()).ToHashSet();
        string[] withoutCodeList =
        [
            "/components/schemas/HealthStatus/properties/status",
            "/components/schemas/CaseEvent/allOf/4/then/properties/data/properties/reason",
        ];

        var uncompared = EnumPointers(Document, string.Empty).Except(checkedEnums).Except(withoutCodeList).ToList();

        Assert.True(uncompared is [], $"Enums no test compares with the code: {string.Join(", ", uncompared)}");
    }

    [Fact]
    public void The_reasons_of_referral_provider_access_ended_are_those_of_the_code()
    {
        var branch = Document["components"]!["schemas"]!["CaseEvent"]!["allOf"]!.AsArray()
            .Single(item => (string?)item!["if"]!["properties"]!["type"]!["const"] == ReferralEvents.ProviderAccessEnded.Name)!;

        Assert.Equal(ProviderAccessEndedReasonPointer, $"/components/schemas/CaseEvent/allOf/{branch.GetElementIndex()}/then/properties/data/properties/reason");
        Assert.Equal(ReferralProviderAccessEnded.Reasons.Order(StringComparer.Ordinal), EnumOf(branch["then"]!["properties"]!["data"]!["properties"]!["reason"]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_referrals_filter_of_the_case_list_is_that_of_the_code()
    {
        var parameter = CaseListParameters().Single(item => (string?)item!["name"] == "referrals")!;

        Assert.Equal(CaseList.ReferralFilters.Order(StringComparer.Ordinal), EnumOf(parameter["schema"]!).Order(StringComparer.Ordinal));
    }

    private static JsonArray CaseListParameters() => Document["paths"]!["/cases"]!["get"]!["parameters"]!.AsArray();

    private static string CaseListReferralsPointer() =>
        $"/paths/~1cases/get/parameters/{CaseListParameters().Single(item => (string?)item!["name"] == "referrals")!.GetElementIndex()}/schema";

    [Fact]
    public void Every_event_type_has_a_name_of_its_own() =>
        Assert.Equal(EventCatalog.Names.Count, EventCatalog.Names.Distinct(StringComparer.Ordinal).Count());

    [Fact]
    public void The_registration_example_is_the_seed_case()
    {
        var example = Document["paths"]!["/cases"]!["post"]!["requestBody"]!["content"]!["application/json"]!["example"];

        Assert.True(JsonNode.DeepEquals(CaseSamples.Registration(), example), $"The example of POST /cases differs from {CaseSamples.SeedPath}.");
    }

    [Fact]
    public void Every_example_of_a_body_matches_its_schema()
    {
        var examples = MediaTypeObjects(Document, string.Empty).ToList();

        var mismatches = examples
            .SelectMany(media => ExamplesOf(media.Node).Select(example => (media.Pointer, Error: OpenApiContract.Served.SchemaViolation(
                $"{media.Pointer}/schema", System.Text.Json.JsonSerializer.SerializeToElement(example)))))
            .Where(result => result.Error is not null)
            .Select(result => $"{result.Pointer}: {result.Error}")
            .ToList();

        Assert.NotEmpty(examples);
        Assert.True(mismatches is [], string.Join('\n', mismatches));
    }

    /// <summary>
    /// Generated clients that validate with zod read <c>int64</c> as a bigint and refuse every JSON number, so an
    /// integer carries no format; the string formats are the ones every value the API writes satisfies.
    /// </summary>
    [Fact]
    public void Every_format_is_a_string_format_that_generated_clients_read_as_the_API_writes_it()
    {
        var formats = Formats(Document, string.Empty).ToList();

        Assert.True(formats.Where(format => format.Type != "string").ToList() is [], string.Join(", ", formats.Where(format => format.Type != "string")));
        Assert.Equal(["date", "date-time", "uri", "uri-reference"], formats.Select(format => format.Format).Distinct().Order());
    }

    private static IEnumerable<string> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(field => field.IsLiteral).Select(field => (string)field.GetRawConstantValue()!);

    /// <summary>The enum a property schema allows, following <c>$ref</c> and a nullable <c>anyOf</c>; null is not a value.</summary>
    private static string[] EnumOf(JsonNode schema) => schema switch
    {
        _ when schema["$ref"] is { } reference => EnumOf(Resolve((string)reference!)),
        _ when schema["anyOf"] is JsonArray branches => branches.Where(branch => (string?)branch!["type"] != "null").SelectMany(branch => EnumOf(branch!)).ToArray(),
        _ => schema["enum"]?.AsArray().Where(value => value is not null).Select(value => (string)value!).ToArray() ?? [],
    };

    private static string EnumPointer(string schema, string property)
    {
        var node = Document["components"]!["schemas"]![schema]!["properties"]![property]!;
        var reference = (string?)node["$ref"] ?? (string?)node["anyOf"]?.AsArray().Select(branch => branch!["$ref"]).FirstOrDefault(value => value is not null);
        return reference?.TrimStart('#') ?? $"/components/schemas/{schema}/properties/{property}";
    }

    private static JsonNode Resolve(string reference) =>
        reference.TrimStart('#').Split('/').Skip(1).Aggregate<string, JsonNode>(Document, (node, segment) => node[segment]!);

    /// <summary>Every media type object (<c>content/{media type}</c>) of the document, with its pointer.</summary>
    private static IEnumerable<(string Pointer, JsonObject Node)> MediaTypeObjects(JsonNode? node, string pointer) => node switch
    {
        JsonObject value when pointer.EndsWith("/content", StringComparison.Ordinal) =>
            value.Select(pair => ($"{pointer}/{Escape(pair.Key)}", pair.Value!.AsObject())),
        JsonObject value => value.SelectMany(pair => MediaTypeObjects(pair.Value, $"{pointer}/{Escape(pair.Key)}")),
        _ => [],
    };

    private static IEnumerable<JsonNode?> ExamplesOf(JsonObject media) =>
        (media.ContainsKey("example") ? [media["example"]] : Enumerable.Empty<JsonNode?>())
            .Concat(media["examples"]?.AsObject().Select(pair => pair.Value!["value"]) ?? []);

    private static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>Every schema's format with its type (the non-null one of a type list) and pointer.</summary>
    private static IEnumerable<(string Pointer, string? Type, string Format)> Formats(JsonNode? node, string pointer) => node switch
    {
        JsonObject value => (value["format"] is JsonValue format && format.GetValueKind() == System.Text.Json.JsonValueKind.String
                ? [(pointer, TypeOf(value["type"]), (string)format!)]
                : Enumerable.Empty<(string, string?, string)>())
            .Concat(value.SelectMany(pair => Formats(pair.Value, $"{pointer}/{Escape(pair.Key)}"))),
        JsonArray items => items.SelectMany((item, index) => Formats(item, $"{pointer}/{index}")),
        _ => [],
    };

    private static string? TypeOf(JsonNode? type) => type switch
    {
        JsonArray types => types.Select(item => (string?)item).FirstOrDefault(name => name != "null"),
        _ => (string?)type,
    };

    private static IEnumerable<string> EnumPointers(JsonNode? node, string pointer) => node switch
    {
        JsonObject value => (value.ContainsKey("enum") ? [pointer] : Enumerable.Empty<string>())
            .Concat(value.SelectMany(pair => EnumPointers(pair.Value, $"{pointer}/{Escape(pair.Key)}"))),
        JsonArray items => items.SelectMany((item, index) => EnumPointers(item, $"{pointer}/{index}")),
        _ => [],
    };
}
