using System.Text;
using VictimAssistance.Core;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Tests.Validation;

public sealed class StrictJsonTests
{
    [Theory]
    [InlineData("""{"victimType":"survivor","victimType":"survivor"}""", "victimType")]
    [InlineData("""{"survivor":{"givenName":"A","location":{"admin1":"X","admin1":"Y"}}}""", "survivor.location.admin1")]
    [InlineData("""{"needs":[{"serviceType":"medical"},{"notes":"a","notes":"b"}]}""", "needs[1].notes")]
    public void A_property_given_twice_at_any_depth_is_refused_with_its_path(string body, string path)
    {
        AssertRefused(Read(body), path, StrictJson.DuplicateRule);
        AssertRefused(StrictJson.ParseObject(Encoding.UTF8.GetBytes(body)).Problem, path, StrictJson.DuplicateRule);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"a":1""")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    public void A_merge_patch_must_be_one_JSON_object(string body) =>
        AssertRefused(StrictJson.ParseObject(Encoding.UTF8.GetBytes(body)).Problem, "$", message: null);

    [Fact]
    public void A_body_that_is_not_valid_UTF_8_is_refused_as_a_whole()
    {
        byte[] body = [.. "{\"needs\":[{\"notes\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}]}"u8];

        AssertRefused(StrictJson.Deserialize(body, CaseJson.Api.CaseDetails).Problem, "$", StrictJson.Utf8Rule);
        AssertRefused(StrictJson.ParseObject(body).Problem, "$", StrictJson.Utf8Rule);
    }

    [Fact]
    public void A_merge_patch_object_is_returned_as_sent()
    {
        var patch = StrictJson.ParseObject("""{"survivor":{"phone":null},"legalBasis":"consent"}"""u8);

        Assert.Equal("""{"survivor":{"phone":null},"legalBasis":"consent"}""", patch.Value!.ToJsonString());
    }

    [Theory]
    [InlineData("4", 4)]
    [InlineData("4.0", 4)]
    [InlineData("0.4e1", 4)]
    [InlineData("-0", 0)]
    public void Integers_are_read_by_value_as_JSON_Schema_counts_them(string number, int expected)
    {
        var details = Read("""{"survivor":{"functioning":{"walking":""" + number + "}}}");

        Assert.Equal(expected, details.Value!.Survivor!.Functioning!.Walking);
    }

    [Theory]
    [InlineData("4.5")]
    [InlineData("\"4\"")]
    [InlineData("1e400")]
    [InlineData("true")]
    public void Anything_but_a_whole_number_is_refused_where_an_integer_is_expected(string value) =>
        AssertRefused(Read($$$"""{"survivor":{"estimatedAge":{{{value}}}}}""").Problem, "survivor.estimatedAge", "has an invalid value or type.");

    [Fact]
    public void Dates_are_trimmed_like_every_other_string()
    {
        var details = Read("""{"survivor":{"dateOfBirth":" 1988-03-14\t","givenName":"  Aysel \n"},"incident":{"date":"2024-05-10"}}""").Value!;

        Assert.Equal(new DateOnly(1988, 3, 14), details.Survivor!.DateOfBirth);
        Assert.Equal("Aysel", details.Survivor.GivenName);
        Assert.Equal(new DateOnly(2024, 5, 10), details.Incident!.Date);
    }

    [Theory]
    [InlineData("1988-3-14")]
    [InlineData("1988-02-30")]
    [InlineData("14/03/1988")]
    [InlineData("1988-03-14T00:00:00Z")]
    [InlineData("")]
    public void A_date_that_is_not_YYYY_MM_DD_is_refused(string date) =>
        AssertRefused(Read($$$"""{"survivor":{"dateOfBirth":"{{{date}}}"}}""").Problem, "survivor.dateOfBirth", "has an invalid value or type.");

    [Theory]
    [InlineData("\"Mamma\\u0000dova\"")]
    [InlineData("\"Mamma\\u0085dova\"")]
    [InlineData("\"Mamma\\rdova\"")]
    public void Control_characters_other_than_newline_and_tab_are_refused(string familyName) =>
        AssertRefused(Read($$$"""{"survivor":{"familyName":{{{familyName}}}}}""").Problem, "survivor.familyName", "must not contain control characters other than newline and tab.");

    [Fact]
    public void A_lone_surrogate_is_refused_not_mangled() =>
        AssertRefused(Read("""{"survivor":{"familyName":"Mamma\ud800dova"}}""").Problem, "survivor.familyName", message: null);

    [Fact]
    public void CR_LF_is_read_as_LF_and_tabs_and_newlines_inside_are_kept()
    {
        var details = Read("""{"needs":[{"notes":"line one\r\n\tline two"}]}""").Value!;

        Assert.Equal("line one\n\tline two", details.Needs![0].Notes);
    }

    private static Outcome<CaseDetails> Read(string body) => StrictJson.Deserialize(Encoding.UTF8.GetBytes(body), CaseJson.Api.CaseDetails);

    private static void AssertRefused(Problem? problem, string path, string? message)
    {
        Assert.NotNull(problem);
        var messages = Assert.Single(problem.Errors!, error => error.Key == path).Value;
        if (message is not null)
        {
            Assert.Equal([message], messages);
        }
    }

    private static void AssertRefused<T>(Outcome<T> outcome, string path, string message) => AssertRefused(outcome.Problem, path, message);
}
