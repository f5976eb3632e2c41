using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using VictimAssistance.LocalHost;

namespace VictimAssistance.Benchmarks.StorageOperations;

/// <summary>
/// A forwarding proxy in front of Azurite's table and queue endpoints that counts every storage request by
/// service, method and resource (table or queue name). Shared Key signatures cover the path, not the port, so
/// the app signs as usual and Azurite accepts the forwarded request.
/// </summary>
public sealed class CountingStorageProxy : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly HttpClient forward = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, MaxConnectionsPerServer = 256 });
    private readonly ConcurrentDictionary<string, int> counts = new(StringComparer.Ordinal);

    private CountingStorageProxy(WebApplication app) => this.app = app;

    public int TablePort { get; private set; }

    public int QueuePort { get; private set; }

    /// <summary>The connection string that points the app at the proxy instead of Azurite.</summary>
    public string ConnectionString(string accountKey) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={accountKey};"
        + $"QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    public static async Task<CountingStorageProxy> StartAsync(int azuriteTablePort, int azuriteQueuePort, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var tablePort = AzuritePorts.FreePort();
        var queuePort = AzuritePorts.FreePort();
        builder.WebHost.UseUrls($"http://127.0.0.1:{tablePort}", $"http://127.0.0.1:{queuePort}");
        var app = builder.Build();
        var proxy = new CountingStorageProxy(app) { TablePort = tablePort, QueuePort = queuePort };
        app.Run(context =>
        {
            var table = context.Connection.LocalPort == tablePort;
            return proxy.ForwardAsync(context, table ? "table" : "queue", table ? azuriteTablePort : azuriteQueuePort);
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return proxy;
    }

    /// <summary>The counts so far, by "service method resource", and a fresh start.</summary>
    public IReadOnlyDictionary<string, int> TakeCounts()
    {
        var taken = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in counts.Keys)
        {
            if (counts.TryRemove(key, out var count))
            {
                taken[key] = count;
            }
        }

        return taken;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        forward.Dispose();
    }


    /// <summary>`/devstoreaccount1/Cases(PartitionKey='…')` → `Cases`; `/devstoreaccount1/case-outbox/messages` → `case-outbox`.</summary>
    private static string Resource(PathString path)
    {
        var segments = (path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2)
        {
            return "(account)";
        }

        var resource = segments[1];
        var parenthesis = resource.IndexOf('(', StringComparison.Ordinal);
        return parenthesis > 0 ? resource[..parenthesis] : resource;
    }

    /// <summary>
    /// What a table read asks for: one row (`(PartitionKey='…',RowKey='…')`), or a query, named by the first eight
    /// characters of the row key its filter starts from (`RowKey ge 'outbox-'` → `query outbox-`), so the reads of one
    /// table split by the rows they are for.
    /// </summary>
    private static string Kind(HttpRequest request)
    {
        if (request.Method != HttpMethods.Get || !(request.Path.Value ?? "").Contains('(', StringComparison.Ordinal))
        {
            return "";
        }

        if (!(request.Path.Value ?? "").EndsWith("()", StringComparison.Ordinal))
        {
            return " point";
        }

        var filter = request.Query["$filter"].ToString();
        var from = filter.IndexOf("RowKey ge '", StringComparison.Ordinal);
        if (from < 0)
        {
            return " query";
        }

        var key = filter[(from + "RowKey ge '".Length)..];
        var prefix = key[..Math.Max(0, key.IndexOf('\'', StringComparison.Ordinal))];
        return $" query {prefix[..Math.Min(prefix.Length, 8)]}";
    }

    private async Task ForwardAsync(HttpContext context, string service, int targetPort)
    {
        var counted = $"{service} {context.Request.Method} {Resource(context.Request.Path)}{Kind(context.Request)}";
        var target = new Uri($"http://127.0.0.1:{targetPort}{context.Request.Path}{context.Request.QueryString}");
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(context.Request.Body);
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        using var response = await forward.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        counts.AddOrUpdate(status is >= 400 and not 404 ? $"{counted} → {status}" : counted, 1, (_, count) => count + 1);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }
}
