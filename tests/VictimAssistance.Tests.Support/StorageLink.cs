using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace VictimAssistance.Tests.Support;

/// <summary>
/// The network between the app and one Azurite port: a TCP relay on its own loopback port that a test can cut
/// (every connection reset, new ones refused, as when the storage process is gone) and restore on the same port.
/// Azurite itself keeps running in memory, so cutting the link loses no data the way restarting it would.
/// </summary>
public sealed class StorageLink : IAsyncDisposable
{
    private readonly int target;
    private readonly ConcurrentDictionary<TcpClient, byte> connections = new();
    private TcpListener? listener;
    private CancellationTokenSource running = new();
    private Task accepting = Task.CompletedTask;

    public StorageLink(int target)
    {
        this.target = target;
        Port = Open(new TcpListener(IPAddress.Loopback, 0));
    }

    public int Port { get; }

    /// <summary>Resets every open connection and refuses new ones.</summary>
    public async Task CutAsync()
    {
        await running.CancelAsync();
        listener?.Stop();
        listener = null;
        foreach (var connection in connections.Keys)
        {
            // A zero linger time resets the connection, as a vanished process's kernel does.
            connection.Client?.Close(timeout: 0);
            connection.Dispose();
        }

        connections.Clear();
        await accepting;
    }

    /// <summary>Accepts connections again on the same port.</summary>
    public void Restore()
    {
        running = new CancellationTokenSource();
        Open(new TcpListener(IPAddress.Loopback, Port));
    }

    public async ValueTask DisposeAsync()
    {
        await CutAsync();
        running.Dispose();
    }

    private int Open(TcpListener opened)
    {
        opened.Start();
        listener = opened;
        accepting = AcceptAsync(opened, running.Token);
        return ((IPEndPoint)opened.LocalEndpoint).Port;
    }

    private async Task AcceptAsync(TcpListener opened, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var client = await opened.AcceptTcpClientAsync(cancellationToken);
                _ = RelayAsync(client, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Cut.
        }
    }

    private async Task RelayAsync(TcpClient client, CancellationToken cancellationToken)
    {
        var server = new TcpClient();
        connections[client] = 0;
        connections[server] = 0;
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, target, cancellationToken);
            var clientStream = client.GetStream();
            var serverStream = server.GetStream();
            await Task.WhenAny(clientStream.CopyToAsync(serverStream, cancellationToken), serverStream.CopyToAsync(clientStream, cancellationToken));
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // One side went away or the link was cut.
        }
        finally
        {
            connections.TryRemove(client, out _);
            connections.TryRemove(server, out _);
            client.Dispose();
            server.Dispose();
        }
    }
}
