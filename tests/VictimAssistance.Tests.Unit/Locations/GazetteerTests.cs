using VictimAssistance.Core.Locations;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Tests.Locations;

public sealed class GazetteerTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("gazetteer-").FullName;

    [Theory]
    [InlineData("AZ-NX")]
    [InlineData("AZ-NV")]
    [InlineData("AZ-BA")]
    [InlineData("AZ-XA")]
    [InlineData("AZ-AGM")]
    [InlineData("AZ-KAN")]
    [InlineData("AZ-XVD")]
    [InlineData("AZ-ZAR")]
    [InlineData("az-tar")]
    public void The_built_in_gazetteer_has_Azerbaijans_ISO_3166_2_subdivisions(string code) =>
        Assert.True(Gazetteer.BuiltIn.IsAdmin1(code));

    [Theory]
    [InlineData("-1-1")]
    [InlineData("-SUM")]
    [InlineData("AZ-AB")]
    [InlineData("AZ-XAN")]
    [InlineData("AZ")]
    [InlineData("AM-ER")]
    public void Codes_that_are_not_subdivisions_are_not_in_it(string code) =>
        Assert.False(Gazetteer.BuiltIn.IsAdmin1(code));

    [Fact]
    public void A_file_with_admin2_codes_refuses_an_admin2_outside_its_admin1_and_names_only_the_path()
    {
        var gazetteer = Gazetteer.Load(Write("""
            { "name": "COD-AB AZE", "admin1": [
              { "code": "AZ01", "name": "Absheron-Khizi", "admin2": [{ "code": "AZ0101", "name": "Absheron" }] },
              { "code": "AZ02", "name": "Baku" } ] }
            """));
        var errors = new ValidationErrors();

        gazetteer.Validate(errors, "survivor.location", "az01", "AZ0199");
        gazetteer.Validate(errors, "incident.location", "AZ01", "AZ0101");
        gazetteer.Validate(errors, "other.location", "AZ02", "any district");

        var problem = errors.ToProblem();
        Assert.Equal(["survivor.location.admin2"], problem.Errors!.Keys);
        Assert.DoesNotContain("AZ0199", string.Join(' ', problem.Errors.Values.SelectMany(messages => messages)), StringComparison.Ordinal);
    }

    [Fact]
    public void An_admin1_outside_a_configured_file_is_refused_with_the_gazetteers_name()
    {
        var gazetteer = Gazetteer.Load(Write("""{ "name": "COD-AB AZE", "admin1": [{ "code": "AZ01", "name": "Absheron-Khizi" }] }"""));
        var errors = new ValidationErrors();

        gazetteer.Validate(errors, "survivor.location", "AZ-AGM", null);

        Assert.Contains("COD-AB AZE", Assert.Single(errors.ToProblem().Errors!["survivor.location.admin1"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "name": "x", "admin1": [] }""")]
    [InlineData("""{ "name": "", "admin1": [{ "code": "A", "name": "A" }] }""")]
    [InlineData("""{ "name": "x", "admin1": [{ "code": "-SUM()", "name": "A" }] }""")]
    [InlineData("""{ "name": "x", "admin1": [{ "code": "A", "name": "A" }, { "code": "a", "name": "B" }] }""")]
    [InlineData("""{ "name": "x", "admin1": [{ "code": "A", "name": "A", "admin2": [{ "code": "A 1", "name": "B" }] }] }""")]
    [InlineData("""[ "AZ-AGM" ]""")]
    [InlineData("""{ "name": "x", """)]
    public void A_file_that_cannot_be_used_is_refused_with_why(string json) =>
        Assert.Throws<InvalidDataException>(() => Gazetteer.Load(Write(json)));

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Write(string json)
    {
        var path = Path.Combine(directory, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
