using System.Text;
using System.Text.Json.Nodes;
using VictimAssistance.Core.Security;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Reliability;

/// <summary>
/// One request built to be refused: what it is (for the failure message) and how to send it. The web server
/// refuses some before any route is chosen (a %00 in the path, oversized headers): the OpenAPI document, which
/// describes routes, does not apply to those.
/// </summary>
public sealed record HostileRequest(string Description, Func<HttpRequestMessage> Build, bool RefusedBeforeRouting = false);

/// <summary>
/// Seeded random mutations of the valid request of every route in <see cref="ApiRoutes"/>, each of which the API
/// must refuse: hostile tokens, bodies of the wrong shape, type or size, wrong content types, odd ids and query
/// values, oversized headers. Every mutation is invalid by construction, so none may change anything.
/// </summary>
public static class HostileRequests
{
    private const int BodyMutationsPerRoute = 24;

    private static readonly string[] OddIds =
    [
        "..", "%2e%2e%2f%2e%2e", "x'%20or%20''='", "%C3%A9t%C3%A9", "%F0%9F%92%A3", new string('a', 2000),
        "3F2C9A6E1B7D4C0E8A5F2D1C9B8A7E6D", "%20", "%7B%7D", "ffffffffffffffffffffffffffffffff%00",
    ];

    // Values no documented query parameter accepts: control characters, far too long, not a token, an injection.
    private static readonly string[] OddQueryValues = ["%00%01", new string('A', 5000), "%F0%9F%92%A3", "%27%20or%201=1"];

    public static IReadOnlyList<HostileRequest> For(RouteIds ids, int seed)
    {
        var random = new Random(seed);
        var requests = new List<HostileRequest>();
        foreach (var route in ApiRoutes.All(ids).Where(route => route.Role is not null))
        {
            requests.AddRange(HostileTokens(ids).Select(token => new HostileRequest($"{route.Method} {route.Path} with {token.Name}", () => WithToken(route.ToMessage(ids), token.Value))));
            requests.AddRange(OddPathsAndQueries(route, ids));
            if (route.Body is not null)
            {
                requests.AddRange(Enumerable.Range(0, BodyMutationsPerRoute).Select(_ => MutatedBody(route, ids, random)));
                requests.AddRange(WrongContentTypes(route, ids));
            }
        }

        return requests;
    }

    private static IEnumerable<(string Name, string? Value)> HostileTokens(RouteIds ids)
    {
        var valid = ApiRequest.TokenFor(Roles.Admin, ids);
        var parts = valid.Split('.');
        var now = DateTimeOffset.UtcNow;
        yield return ("no token", null);
        yield return ("an empty bearer token", string.Empty);
        yield return ("alg none", $"{Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{parts[1]}.");
        yield return ("alg none without the dot", $"{Base64Url("{\"alg\":\"none\"}")}.{parts[1]}");
        yield return ("a wrong key", DevelopmentTokens.Create(new string('k', 64), "intruder", [Roles.Admin], now, TimeSpan.FromHours(1)));
        yield return ("an expired token", DevelopmentTokens.Create(LocalHostFixture.SigningKey, "late", [Roles.Admin], now.AddHours(-3), TimeSpan.FromHours(1)));
        yield return ("a token not valid yet", DevelopmentTokens.Create(LocalHostFixture.SigningKey, "early", [Roles.Admin], now.AddHours(2), TimeSpan.FromHours(1)));
        yield return ("another audience", DevelopmentTokens.Create(LocalHostFixture.SigningKey, "aud", [Roles.Admin], now, TimeSpan.FromHours(1), audience: "someone-else"));
        yield return ("another issuer", DevelopmentTokens.Create(LocalHostFixture.SigningKey, "iss", [Roles.Admin], now, TimeSpan.FromHours(1), issuer: "https://evil.example"));
        yield return ("a forged signature", $"{parts[0]}.{parts[1]}.{new string('A', parts[2].Length)}");
        yield return ("a tampered payload", $"{parts[0]}.{Base64Url("{\"sub\":\"x\",\"roles\":[\"admin\"]}")}.{parts[2]}");
        yield return ("garbage", "not-a-token");
        yield return ("a huge token", valid + new string('A', 20_000));
        yield return ("a deeply nested header", $"{Base64Url(new string('[', 5000))}.{parts[1]}.{parts[2]}");
        yield return ("no role", DevelopmentTokens.Create(LocalHostFixture.SigningKey, "nobody", [], now, TimeSpan.FromHours(1)));
        yield return ("an unknown role", DevelopmentTokens.Create(LocalHostFixture.SigningKey, "root", ["root"], now, TimeSpan.FromHours(1)));
    }

    private static HttpRequestMessage WithToken(HttpRequestMessage message, string? token)
    {
        message.Headers.Authorization = null;
        if (token is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
        }

        return message;
    }

    private static IEnumerable<HostileRequest> OddPathsAndQueries(ApiRequest route, RouteIds ids)
    {
        foreach (var id in new[] { ids.CaseId, ids.ReferralId, ids.ProviderId }.Where(id => route.Path.Contains($"/{id}", StringComparison.Ordinal)))
        {
            foreach (var odd in OddIds)
            {
                var path = route.Path.Replace($"/{id}", $"/{odd}", StringComparison.Ordinal);
                yield return new($"{route.Method} {path[..Math.Min(path.Length, 120)]}", () => route.ToMessage(ids, null, null, path), RefusedBeforeRouting: odd.Contains("%00", StringComparison.Ordinal));
            }
        }

        foreach (var name in QueryParameters(route))
        {
            foreach (var query in OddQueryValues.Select(value => $"?{name}={value}").Append($"?{name}=a&{name}=b"))
            {
                yield return new($"{route.Method} {route.Path}{query[..Math.Min(query.Length, 60)]}", () => route.ToMessage(ids, null, null, route.Path + query));
            }
        }
    }

    // The query parameters the OpenAPI document gives the route's operation.
    private static IEnumerable<string> QueryParameters(ApiRequest route)
    {
        var method = new HttpMethod(route.Method);
        var template = OpenApiContract.Served.OperationTemplate(method, route.Path)!;
        var parameters = OpenApiContract.Served.Document["paths"]![template]![method.Method.ToLowerInvariant()]!["parameters"]?.AsArray() ?? [];
        return parameters.Where(parameter => (string?)parameter!["in"] == "query").Select(parameter => (string)parameter!["name"]!);
    }

    private static IEnumerable<HostileRequest> WrongContentTypes(ApiRequest route, RouteIds ids)
    {
        var body = Encoding.UTF8.GetBytes(route.Body!.ToJsonString());
        foreach (var mediaType in new string?[] { null, "text/plain", "application/xml", "application/json; charset=latin1", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/json; v=1", "*/*" })
        {
            if (mediaType != route.MediaType)
            {
                yield return new($"{route.Method} {route.Path} as {mediaType ?? "no content type"}", () => route.ToMessage(ids, body, mediaType));
            }
        }

        yield return new($"{route.Method} {route.Path} with an oversized body", () => route.ToMessage(ids, Encoding.UTF8.GetBytes($"{{\"notes\":\"{new string('x', 2_000_000)}\"}}"), route.MediaType));
        yield return new($"{route.Method} {route.Path} with an oversized header", () =>
        {
            var message = route.ToMessage(ids);
            message.Headers.TryAddWithoutValidation("X-Padding", new string('p', 40_000));
            return message;
        }, RefusedBeforeRouting: true);
    }

    private static HostileRequest MutatedBody(ApiRequest route, RouteIds ids, Random random)
    {
        var (name, body) = Mutate(route.Body!, random);
        return new($"{route.Method} {route.Path} with {name}", () => route.ToMessage(ids, body, route.MediaType));
    }

    private static (string Name, byte[] Body) Mutate(JsonNode valid, Random random)
    {
        var text = valid.ToJsonString();
        switch (random.Next(10))
        {
            case 0:
                var depth = random.Next(65, 5000);
                return ($"nesting {depth} deep", Encoding.UTF8.GetBytes($"{{\"x\":{new string('[', depth)}{new string(']', depth)}}}"));
            case 1:
                return ("a repeated property", Encoding.UTF8.GetBytes(text.Insert(1, $"\"{FirstProperty(valid)}\":null,")));
            case 2:
                var bytes = Encoding.UTF8.GetBytes(text).ToList();
                bytes.InsertRange(random.Next(1, bytes.Count - 1), new byte[] { 0xC3, 0x28, 0xFF });
                return ("invalid UTF-8", [.. bytes]);
            case 3:
                return ("truncated JSON", Encoding.UTF8.GetBytes(text[..random.Next(1, text.Length - 1)]));
            case 4:
                return ("a JSON array instead of an object", Encoding.UTF8.GetBytes($"[{text}]"));
            case 5:
                var extra = valid.DeepClone().AsObject();
                extra[$"unexpected{random.Next(1000)}"] = "x";
                return ("an unknown property", Encoding.UTF8.GetBytes(extra.ToJsonString()));
            default:
                var mutated = valid.DeepClone();
                var leaves = Leaves(mutated).ToList();
                var (leaf, path) = leaves[random.Next(leaves.Count)];
                var replacement = WrongValue(leaf, random);
                Replace(leaf, replacement);
                return ($"{path} = {Shorten(replacement?.ToJsonString() ?? "null")}", Encoding.UTF8.GetBytes(mutated.ToJsonString()));
        }
    }

    // A value no field of that kind accepts: another JSON type, or a string far beyond any length limit.
    private static JsonNode? WrongValue(JsonNode leaf, Random random) => leaf.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.String => random.Next(5) switch
        {
            0 => new string('x', random.Next(100_001, 200_000)),
            1 => 12345,
            2 => new JsonObject { ["nested"] = true },
            3 => new JsonArray(1, 2),
            _ => "\u0001\u0002 control",
        },
        System.Text.Json.JsonValueKind.Number => random.Next(3) switch
        {
            0 => "forty",
            1 => 1e308,
            _ => new JsonArray(),
        },
        _ => random.Next(2) == 0 ? "yes" : 42,
    };

    private static IEnumerable<(JsonNode Leaf, string Path)> Leaves(JsonNode node, string path = "$")
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    foreach (var leaf in child is null ? [] : Leaves(child, $"{path}.{name}"))
                    {
                        yield return leaf;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var leaf in array[i] is { } item ? Leaves(item, $"{path}[{i}]") : [])
                    {
                        yield return leaf;
                    }
                }

                break;
            default:
                yield return (node, path);
                break;
        }
    }

    private static void Replace(JsonNode leaf, JsonNode? replacement)
    {
        switch (leaf.Parent)
        {
            case JsonObject parent:
                parent[leaf.GetPropertyName()] = replacement;
                break;
            case JsonArray parent:
                parent[leaf.GetElementIndex()] = replacement;
                break;
        }
    }

    private static string FirstProperty(JsonNode body) => body.AsObject().First().Key;

    private static string Shorten(string value) => value.Length > 40 ? $"{value[..40]}…({value.Length})" : value;

    private static string Base64Url(string json) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
