using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace VictimAssistance.Tests.Notifications;

/// <summary>
/// A real SMTP server on loopback (the SmtpServer package, port 0, no TLS): every message it accepts is kept, parsed
/// with MimeKit; each message is answered as the test says (by default 250).
/// </summary>
public sealed class SmtpReceiver : IMessageStore, IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> received = new();
    private readonly CancellationTokenSource stopping = new();
    private Func<int, SmtpResponse> answer = _ => SmtpResponse.Ok;
    private int messages;
    private Task running = Task.CompletedTask;

    public int Port { get; private set; }

    /// <summary>How many messages were sent to the server, accepted or not.</summary>
    public int Attempts => Volatile.Read(ref messages);

    /// <summary>The messages accepted (answered 250), in order.</summary>
    public IReadOnlyList<MimeMessage> Received => [.. received];

    /// <summary>The settings that point the app at this server.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Email:SmtpHost"] = "127.0.0.1",
        ["Email:SmtpPort"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Tls"] = "None",
        ["Email:From"] = "referrals@programme.example",
    };

    public static async Task<SmtpReceiver> StartAsync()
    {
        var receiver = new SmtpReceiver();
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, args) => started.TrySetResult(((IPEndPoint)args.LocalEndPoint).Port);
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add(receiver);
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, 0))).Build();
        receiver.running = new SmtpServer.SmtpServer(options, services).StartAsync(receiver.stopping.Token);
        receiver.Port = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return receiver;
    }

    /// <summary>How the server answers the n-th message (1, 2, …) at the end of its DATA.</summary>
    public void Answer(Func<int, SmtpResponse> how) => answer = how;

    public static SmtpResponse Reply(int code) => new((SmtpReplyCode)code, code >= 500 ? "rejected by the test" : "deferred by the test");

    public Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        var reply = answer(Interlocked.Increment(ref messages));
        if (reply.ReplyCode == SmtpReplyCode.Ok)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            received.Enqueue(MimeMessage.Load(stream, cancellationToken));
        }

        return Task.FromResult(reply);
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
        }

        stopping.Dispose();
    }
}
