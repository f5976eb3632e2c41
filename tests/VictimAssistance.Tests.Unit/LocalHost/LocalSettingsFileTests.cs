using VictimAssistance.LocalHost;

namespace VictimAssistance.Tests.LocalHost;

/// <summary>A user's first run creates local.settings.json from the sample atomically; losing a race to another run is fine.</summary>
public sealed class LocalSettingsFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("local-settings-").FullName;

    private string Sample => Path.Combine(folder, FunctionsHostSettings.SampleFileName);

    private string Target => Path.Combine(folder, FunctionsHostSettings.LocalSettingsFileName);

    [Fact]
    public void A_missing_file_is_created_from_the_sample_and_no_temporary_file_is_left()
    {
        File.WriteAllText(Sample, "{\"Values\":{\"A\":\"1\"}}");

        FunctionsHostSettings.CreateFromSampleIfMissing(Sample, Target);

        Assert.Equal("{\"Values\":{\"A\":\"1\"}}", File.ReadAllText(Target));
        Assert.Equal([Target, Sample], Directory.GetFiles(folder).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_setting_the_sample_gained_after_the_file_was_made_is_read_from_the_sample()
    {
        File.WriteAllText(Sample, "{\"Values\":{\"Kept\":\"sample\",\"Added__Later\":\"from-sample\"}}");
        File.WriteAllText(Target, "{\"Values\":{\"Kept\":\"mine\"}}");
        File.WriteAllText(Path.Combine(folder, "host.json"), "{\"version\":\"2.0\"}");
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationManager();

        FunctionsHostSettings.AddTo(configuration, folder, useLocalSettingsFile: true);

        Assert.Equal("mine", configuration["Kept"]);
        Assert.Equal("from-sample", configuration["Added:Later"]);
    }

    [Fact]
    public void A_credential_removed_from_the_file_is_not_read_from_the_sample()
    {
        File.WriteAllText(Sample, "{\"Values\":{\"Auth__DevSigningKey\":\"well-known\",\"Intake__Keys__0__Key\":\"well-known\"}}");
        File.WriteAllText(Target, "{\"Values\":{}}");
        File.WriteAllText(Path.Combine(folder, "host.json"), "{\"version\":\"2.0\"}");
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationManager();

        FunctionsHostSettings.AddTo(configuration, folder, useLocalSettingsFile: true);

        Assert.Null(configuration["Auth:DevSigningKey"]);
        Assert.Null(configuration["Intake:Keys:0:Key"]);
    }

    [Fact]
    public void An_intake_setting_that_is_not_a_key_is_read_from_the_sample_it_was_added_to()
    {
        File.WriteAllText(Sample, "{\"Values\":{\"Intake__Keys__0__Key\":\"well-known\",\"Intake__Kobo__PullSchedule\":\"0 */15 * * * *\"}}");
        File.WriteAllText(Target, "{\"Values\":{}}");
        File.WriteAllText(Path.Combine(folder, "host.json"), "{\"version\":\"2.0\"}");
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationManager();

        FunctionsHostSettings.AddTo(configuration, folder, useLocalSettingsFile: true);

        Assert.Equal("0 */15 * * * *", configuration["Intake:Kobo:PullSchedule"]);
        Assert.Null(configuration["Intake:Keys:0:Key"]);
    }

    [Fact]
    public void An_existing_file_is_never_overwritten()
    {
        File.WriteAllText(Sample, "{\"Values\":{}}");
        File.WriteAllText(Target, "{\"Values\":{\"Mine\":\"kept\"}}");

        FunctionsHostSettings.CreateFromSampleIfMissing(Sample, Target);

        Assert.Equal("{\"Values\":{\"Mine\":\"kept\"}}", File.ReadAllText(Target));
    }

    [Fact]
    public async Task Many_runs_creating_the_file_at_once_all_succeed_and_leave_one_complete_copy()
    {
        var sample = "{\"Values\":{" + string.Join(',', Enumerable.Range(0, 2000).Select(index => $"\"Key{index}\":\"{index}\"")) + "}}";
        File.WriteAllText(Sample, sample);
        using var start = new Barrier(8);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            FunctionsHostSettings.CreateFromSampleIfMissing(Sample, Target);
        })));

        Assert.Equal(sample, File.ReadAllText(Target));
        Assert.Equal(2, Directory.GetFiles(folder).Length);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
