using System.Text.Json.Nodes;
using VictimAssistance.Core.Cases;

namespace VictimAssistance.Tests.Cases;

public sealed class MergePatchTests
{
    /// <summary>RFC 7396 Appendix A: original, patch, result.</summary>
    public static TheoryData<string, string, string> AppendixA() => new()
    {
        { """{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""" },
        { """{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""" },
        { """{"a":"b"}""", """{"a":null}""", """{}""" },
        { """{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""" },
        { """{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""" },
        { """{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""" },
        { """{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""" },
        { """{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""" },
        { """["a","b"]""", """["c","d"]""", """["c","d"]""" },
        { """{"a":"b"}""", """["c"]""", """["c"]""" },
        { """{"a":"foo"}""", "null", "null" },
        { """{"a":"foo"}""", "\"bar\"", "\"bar\"" },
        { """{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""" },
        { """[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}""" },
        { """{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""" },
    };

    [Theory]
    [MemberData(nameof(AppendixA))]
    public void Applies_every_example_of_RFC_7396_Appendix_A(string original, string patch, string expected)
    {
        var result = MergePatch.Apply(JsonNode.Parse(original), JsonNode.Parse(patch));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), result), $"expected {expected}, got {result?.ToJsonString() ?? "null"}");
    }

    [Fact]
    public void Leaves_the_patch_unchanged_so_it_can_be_applied_again()
    {
        var patch = JsonNode.Parse("""{"a":{"b":["c"]},"d":null}""");
        var before = patch!.ToJsonString();

        MergePatch.Apply(JsonNode.Parse("""{"a":{"x":1},"d":2}"""), patch);

        Assert.Equal(before, patch.ToJsonString());
    }

    [Fact]
    public void Changed_paths_name_leaves_and_count_an_array_as_one_value()
    {
        var before = JsonNode.Parse("""{"survivor":{"phone":"1","location":{"admin1":"A","community":"c"}},"incident":{"injuries":["x"]},"legalBasis":"consent"}""")!.AsObject();
        var after = JsonNode.Parse("""{"survivor":{"phone":"2","location":{"admin1":"A"}},"incident":{"injuries":["x","y"]},"legalBasis":"consent"}""")!.AsObject();

        Assert.Equal(["incident.injuries", "survivor.location.community", "survivor.phone"], MergePatch.ChangedPaths(before, after));
    }
}
