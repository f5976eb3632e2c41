using Microsoft.Extensions.Configuration;
using VictimAssistance.LocalHost;

namespace VictimAssistance.Tests.LocalHost;

/// <summary>host.json queue settings are read with the host's defaults, and values the host refuses stop the start-up.</summary>
public sealed class QueueHostOptionsTests
{
    [Theory]
    [InlineData("batchSize", "33")]
    [InlineData("batchSize", "0")]
    [InlineData("newBatchThreshold", "-1")]
    [InlineData("maxDequeueCount", "0")]
    [InlineData("maxPollingInterval", "00:00:00.099")]
    [InlineData("messageEncoding", "none")]
    [InlineData("batchSize", "many")]
    public void A_value_the_host_refuses_stops_the_start_up_naming_the_setting(string setting, string value)
    {
        var refused = Assert.Throws<LocalHostStartupException>(() => QueueHostOptions.Read(Queues(new() { [setting] = value })));

        Assert.Contains("extensions.queues", refused.Message, StringComparison.Ordinal);
        Assert.Contains(setting == "batchSize" && value == "many" ? "many" : setting, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_limits_themselves_are_accepted()
    {
        var options = QueueHostOptions.Read(Queues(new() { ["batchSize"] = "32", ["newBatchThreshold"] = "0", ["maxDequeueCount"] = "1", ["maxPollingInterval"] = "00:00:00.100" }));

        Assert.Equal(32, options.BatchSize);
        Assert.Equal(0, options.NewBatchThreshold);
    }

    [Fact]
    public void Without_newBatchThreshold_the_threshold_is_half_the_batch_for_each_processor() =>
        Assert.Equal(8 * Environment.ProcessorCount, QueueHostOptions.Read(Queues(new() { ["batchSize"] = "16" })).NewBatchThreshold);

    [Fact]
    public void On_a_Dynamic_SKU_the_default_threshold_counts_one_processor()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WEBSITE_SKU"] = "Dynamic",
            [$"{QueueHostOptions.SectionName}:batchSize"] = "10",
        }).Build();

        Assert.Equal(5, QueueHostOptions.Read(configuration).NewBatchThreshold);
    }

    private static IConfiguration Queues(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(pair => $"{QueueHostOptions.SectionName}:{pair.Key}", pair => pair.Value)).Build();
}
