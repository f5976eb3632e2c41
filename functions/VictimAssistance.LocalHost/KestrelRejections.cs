using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace VictimAssistance.LocalHost;

/// <summary>
/// Kestrel answers some requests itself before any middleware runs, with an empty body that cannot be customised
/// (dotnet/aspnetcore#4726): a request target with %00, invalid bytes in a header (400), a request line over its
/// limit (414), a header section over its limit (431). A connection middleware rewrites exactly those responses,
/// the ones written while no request of the connection is inside the app, to application/problem+json.
/// </summary>
public static class KestrelRejections
{
    private const string ItemKey = "VictimAssistance.LocalHost.ConnectionActivity";

    public static void AnswerAsProblems(KestrelServerOptions kestrel) =>
        kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => async connection =>
        {
            var activity = new ConnectionActivity();
            connection.Items[ItemKey] = activity;
            var transport = connection.Transport;
            var rewriting = new RejectionRewritingStream(transport.Output, activity);
            connection.Transport = new DuplexPipe(transport.Input, PipeWriter.Create(rewriting, new StreamPipeWriterOptions(leaveOpen: true)));
            try
            {
                await next(connection).ConfigureAwait(false);
            }
            finally
            {
                connection.Transport = transport;
            }
        }));

    /// <summary>Marks each request as inside the app until its response has been sent; must be the first middleware.</summary>
    public static void MarkRequestsInApp(WebApplication app) =>
        app.Use((context, next) =>
        {
            if (context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(ItemKey, out var item) == true && item is ConnectionActivity activity)
            {
                activity.RequestEntered();
                context.Response.OnCompleted(() =>
                {
                    activity.ResponseSent();
                    return Task.CompletedTask;
                });
            }

            return next(context);
        });

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}

/// <summary>How many requests of one connection are inside the app (HTTP/2 can have several at once).</summary>
public sealed class ConnectionActivity
{
    private int requestsInApp;

    public bool AnyRequestInApp => Volatile.Read(ref requestsInApp) > 0;

    public void RequestEntered() => Interlocked.Increment(ref requestsInApp);

    public void ResponseSent() => Interlocked.Decrement(ref requestsInApp);
}
