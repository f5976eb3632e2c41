using VictimAssistance.Functions.Http;

namespace VictimAssistance.Tests.Http;

public sealed class MediaTypeTests
{
    [Theory]
    [InlineData("application/json", "application/json", "")]
    [InlineData("Application/JSON", "application/json", "")]
    [InlineData("application/json; charset=utf-8", "application/json", "charset=utf-8")]
    [InlineData("application/json;charset=\"UTF-8\"", "application/json", "charset=UTF-8")]
    [InlineData("application/json ; CHARSET = utf-8", null, null)]
    [InlineData("application/json\t;\tCharset=utf-8 ", "application/json", "charset=utf-8")]
    [InlineData("application/json;", "application/json", "")]
    [InlineData("application/json;;charset=utf-8;", "application/json", "charset=utf-8")]
    [InlineData("application/merge-patch+json; profile=\"a \\\"b\\\" c\"", "application/merge-patch+json", "profile=a \"b\" c")]
    [InlineData("application /json", null, null)]
    [InlineData("application/json; charset", null, null)]
    [InlineData("application/json; charset=", null, null)]
    [InlineData("application/json; =utf-8", null, null)]
    [InlineData("application/json; charset=\"utf-8", null, null)]
    [InlineData("application/json, text/plain", null, null)]
    [InlineData("application", null, null)]
    [InlineData("", null, null)]
    [InlineData(null, null, null)]
    public void Parses_as_RFC_9110_writes_it(string? header, string? essence, string? parameters)
    {
        var parsed = MediaType.TryParse(header, out var mediaType);

        Assert.Equal(essence is not null, parsed);
        Assert.Equal(essence, mediaType?.Essence);
        Assert.Equal(parameters, mediaType is null ? null : string.Join(";", mediaType.Parameters.Select(parameter => $"{parameter.Key}={parameter.Value}")));
    }
}
