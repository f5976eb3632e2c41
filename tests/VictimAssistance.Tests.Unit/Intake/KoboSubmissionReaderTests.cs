using System.Text;
using System.Text.Json.Nodes;
using VictimAssistance.Core.Intake;
using VictimAssistance.Tests.Support;
using VictimAssistance.Core.Locations;

namespace VictimAssistance.Tests.Intake;

public sealed class KoboSubmissionReaderTests
{
    private static readonly DateOnly Today = new(2026, 11, 28);

    [Fact]
    public void Kobo_system_fields_meta_and_xlsform_metadata_questions_are_ignored_whatever_their_shape()
    {
        var submission = KoboSamples.Submission(KoboSamples.Registration);
        submission["_validation_status"] = new JsonObject { ["uid"] = "validation_status_approved" };
        submission["_geolocation"] = new JsonArray(40.1, 47.2);
        foreach (var name in KoboSubmissionReader.MetadataQuestions)
        {
            submission[name] = "value";
        }

        submission["meta/audit"] = "audit.csv";

        Assert.Null(Read(submission).Problem);
    }

    [Fact]
    public void Numbers_yes_no_and_select_multiple_arrive_as_strings_and_become_typed_case_fields()
    {
        var details = Read(KoboSamples.Submission(KoboSamples.Registration)).Value!.Details;

        Assert.Equal(3, details.Survivor!.Functioning!.Walking);
        Assert.True(details.Consent!.Referral);
        Assert.Equal(["lower_limb_amputation", "fragment_wounds"], details.Incident!.Injuries!);
        Assert.Equal("AZ-AGM", details.Incident.Location!.Admin1);
    }

    [Fact]
    public void Without_uuid_the_instance_id_without_its_prefix_identifies_the_submission_and_names_its_case()
    {
        var submission = KoboSamples.Submission(KoboSamples.Registration, "a1b2c3");
        submission.Remove("_uuid");

        var read = Read(submission).Value!;

        Assert.Equal(("a1b2c3", "a1b2c3", false), (read.Uuid, read.CaseKey, read.IsEdit));
    }

    [Fact]
    public void An_edit_names_the_case_of_its_root_submission_or_else_of_the_submission_it_deprecates()
    {
        var edit = KoboSamples.Submission(KoboSamples.EditedRegistration, "edit-2");
        edit["meta/deprecatedID"] = "uuid:edit-1";
        edit["meta/rootUuid"] = "uuid:original";
        Assert.Equal(("original", "edit-1", true), (Read(edit).Value!.CaseKey, Read(edit).Value!.Replaces, Read(edit).Value!.IsEdit));

        edit.Remove("meta/rootUuid");
        Assert.Equal("edit-1", Read(edit).Value!.CaseKey);
    }

    [Fact]
    public void A_submission_without_any_identity_is_400_on_uuid()
    {
        var submission = KoboSamples.Submission(KoboSamples.Registration);
        submission.Remove("_uuid");
        submission.Remove("meta/instanceID");

        Assert.Contains("_uuid", Read(submission).Problem!.Errors!.Keys);
    }

    [Theory]
    [InlineData("survivor/estimated_age", "forty", "survivor/estimated_age")]
    [InlineData("survivor/wg_seeing", "5", "survivor/wg_seeing")]
    [InlineData("consent/consent_referral", "true", "consent/consent_referral")]
    [InlineData("incident/injuries", "burns sunburn", "incident/injuries")]
    [InlineData("survivor/date_of_birth", "2099-01-01", "survivor/date_of_birth")]
    [InlineData("survivor/admin1", "AZ AGM", "survivor/admin1")]
    [InlineData("needs", "rehabilitation", "needs")]
    [InlineData("survivor/phone", "0552345678", "survivor/phone")]
    public void An_invalid_answer_is_an_error_on_its_kobo_field_without_its_value(string field, string value, string errorPath)
    {
        var submission = KoboSamples.Submission(KoboSamples.Registration);
        submission[field] = value;

        var problem = Read(submission).Problem!;

        Assert.Contains(errorPath, problem.Errors!.Keys);
        Assert.DoesNotContain(value, string.Join(' ', problem.Errors.Values.SelectMany(messages => messages)), StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_the_form_does_not_map_are_ignored_and_named_once_in_order_without_their_values()
    {
        var submission = KoboSamples.Submission(KoboSamples.Registration);
        submission["survivor/nickname"] = "Rafo";
        submission["group_x1/colour"] = "blue";
        submission["needs"]![0]!["needs/added_later"] = "yes";
        submission["needs"]![1]!["needs/added_later"] = "no";
        submission["needs"]![0]!["survivor/sex"] = "male";

        var read = Read(submission).Value!;

        Assert.Equal(["group_x1/colour", "needs/added_later", "survivor/nickname", "survivor/sex"], read.Ignored);
        Assert.Equal("male", read.Details.Survivor!.Sex);
        Assert.Equal(2, read.Details.Needs!.Count);
    }

    [Fact]
    public void A_submission_without_unknown_fields_ignores_nothing_and_carries_its_form_version()
    {
        var submission = KoboSamples.Submission(KoboSamples.Registration);
        submission["__version__"] = "vForm2";

        var read = Read(submission).Value!;

        Assert.Empty(read.Ignored);
        Assert.Equal("vForm2", read.FormVersion);
    }

    [Fact]
    public void One_reading_lists_the_faulty_answers_and_the_case_rules_they_break_once_each()
    {
        var submission = KoboSamples.Submission(KoboSamples.Registration);
        submission["survivor/sex"] = "unknown_choice";
        submission["survivor/phone"] = "0552345678999";

        var errors = Read(submission).Problem!.Errors!;

        Assert.Equal(["survivor/phone", "survivor/sex"], errors.Keys.Order());
        Assert.Single(errors["survivor/sex"]);
    }

    [Fact]
    public void An_answer_that_is_not_a_string_is_an_error()
    {
        var submission = KoboSamples.Submission(KoboSamples.Registration);
        submission["survivor/wg_seeing"] = 1;

        Assert.Equal(["survivor/wg_seeing"], Read(submission).Problem!.Errors!.Keys);
    }

    private static VictimAssistance.Core.Validation.Outcome<KoboSubmission> Read(JsonObject submission) =>
        KoboSubmissionReader.Read(Encoding.UTF8.GetBytes(submission.ToJsonString()), Today, Gazetteer.BuiltIn);
}
