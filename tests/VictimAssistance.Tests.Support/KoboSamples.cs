using System.Text.Json.Nodes;
using VictimAssistance.Core.Intake;
using VictimAssistance.LocalHost;

namespace VictimAssistance.Tests.Support;

/// <summary>The KoboToolbox submissions of <c>seeds/kobo/</c>, and one built from the form's own field list.</summary>
public static class KoboSamples
{
    public const string Registration = "survivor-registration-1.json";
    public const string EditedRegistration = "survivor-registration-2-edited.json";
    public const string FamilyRegistration = "family-member-registration.json";

    /// <summary>The intake key the test hosts configure for <see cref="Organization"/>.</summary>
    public const string IntakeKey = "tests-only-kobo-intake-key-0123456789abcdef";
    public const string Organization = "org-kobo";

    /// <summary>A seed submission as a new mutable JSON object.</summary>
    public static JsonObject Submission(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryLayout.FindRoot(), "seeds", "kobo", file)))!.AsObject();

    /// <summary>The seed submission under another uuid, so a test's case is its own.</summary>
    public static JsonObject Submission(string file, string uuid)
    {
        var submission = Submission(file);
        submission["_uuid"] = uuid;
        submission["meta/instanceID"] = $"uuid:{uuid}";
        return submission;
    }

    /// <summary>
    /// A submission answering every question of <see cref="KoboForm"/> validly, built from the form itself: the
    /// first choice of each select (yes for yes/no), a valid value for each typed question, one repeat entry.
    /// </summary>
    public static JsonObject FromTheForm(string uuid)
    {
        var form = KoboForm.Survey;
        var submission = new JsonObject { ["_uuid"] = uuid, ["meta/instanceID"] = $"uuid:{uuid}" };
        foreach (var question in form.Questions)
        {
            submission[question.Name] = Answer(form, question);
        }

        foreach (var group in form.Groups)
        {
            var answers = group.Questions.ToDictionary(question => $"{group.Name}/{question.Name}", question => (JsonNode?)Answer(form, question));
            if (group.IsRepeat)
            {
                submission[group.Name] = new JsonArray(new JsonObject(answers));
            }
            else
            {
                foreach (var (name, answer) in answers)
                {
                    submission[name] = answer;
                }
            }
        }

        return submission;
    }

    public static async Task<HttpResponseMessage> PostSubmissionAsync(this HttpClient client, JsonObject submission, string? key = IntakeKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/intake/kobo") { Content = CaseSamples.JsonContent(submission) };
        if (key is not null)
        {
            request.Headers.Add("X-Intake-Key", key);
        }

        return await client.SendAsync(request);
    }

    private static string Answer(SurveyForm form, FormQuestion question) => question switch
    {
        { ChoiceList: "yes_no" } => "yes",
        { ChoiceList: { } list } => form.ChoiceLists.Single(choices => choices.Name == list).Choices[0].Name,
        { Answer: FormAnswer.Date } => "2020-02-29",
        { Answer: FormAnswer.WholeNumber } => "30",
        { Name: "phone" } => "+994501112233",
        { Name: "admin1" } => "AZ-AGM",
        _ => "answer",
    };
}

/// <summary>The LocalHost with an intake key for <see cref="KoboSamples.Organization"/>.</summary>
public class IntakeHostFixture : LocalHostFixture
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Intake:Keys:0:Key"] = KoboSamples.IntakeKey;
        settings["Intake:Keys:0:Organization"] = KoboSamples.Organization;
        return settings;
    }
}
