using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.AccessLog;

/// <summary>Reading a case's access log as an admin, and the reads the tests make to fill it.</summary>
public static class AccessLogReading
{
    public static async Task<JsonObject> PageAsync(HttpClient admin, string caseId, string query = "") =>
        (await admin.GetFromJsonAsync<JsonObject>($"/api/cases/{caseId}/access-log{query}"))!;

    /// <summary>Waits until the log holds at least <paramref name="count"/> records of <paramref name="subject"/> (they are written from a queue); every record on the first 200.</summary>
    public static async Task<List<JsonObject>> WaitForAsync(HttpClient admin, string caseId, string subject, int count) =>
        (await Eventually.GetAsync(
            async () => (await PageAsync(admin, caseId, "?limit=200"))["items"]!.AsArray().Select(item => item!.AsObject()).ToList(),
            items => items.Count(item => Sub(item) == subject) >= count,
            $"{count} access records of {subject}"));

    /// <summary>Waits until the eventually consistent list at <paramref name="path"/> shows the id.</summary>
    public static Task WaitUntilListedAsync(HttpClient reader, string path, string idName, string id) =>
        Eventually.GetAsync(
            async () => (await reader.GetFromJsonAsync<JsonObject>(path))!["items"]!.AsArray(),
            items => items.Any(item => (string?)item![idName] == id),
            $"{id} listed at {path}");

    public static string Sub(JsonObject record) => (string)record["actor"]!["sub"]!;

    public static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
