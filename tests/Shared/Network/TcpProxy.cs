using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Conifer.Tests.Shared.Network;

/// <summary>
/// A loopback TCP proxy to a target port, listening on a free loopback port, that a test can cut and heal: put it
/// between a process and its PostgreSQL server (connect to <see cref="Port"/> instead of the server's port) to take
/// the network away from that process alone.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly TcpListener _listener;
    private readonly ConcurrentDictionary<long, Link> _links = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly Task _acceptLoop;
    private CutMode? _cut;
    private TaskCompletionSource _flowing = NewFlowing(completed: true);
    private long _nextLinkId;
    private long _accepted;

    private TcpProxy(int targetPort)
    {
        TargetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The loopback port clients connect to.</summary>
    public int Port { get; }

    /// <summary>The loopback port connections are forwarded to.</summary>
    public int TargetPort { get; }

    /// <summary>The current cut, or null when bytes flow.</summary>
    public CutMode? CurrentCut
    {
        get
        {
            lock (_gate)
            {
                return _cut;
            }
        }
    }

    /// <summary>Connections currently open through the proxy (held ones in a blackhole included); a reset cut drops this to 0 at once.</summary>
    public int LiveConnections => _links.Values.Count(link => !link.IsClosed);

    /// <summary>Connections accepted since the start, refused ones included.</summary>
    public long AcceptedConnections => Interlocked.Read(ref _accepted);

    /// <summary>Starts forwarding 127.0.0.1:<see cref="Port"/> to 127.0.0.1:<paramref name="targetPort"/>.</summary>
    public static TcpProxy Start(int targetPort) => new(targetPort);

    /// <summary>Breaks the path: see <see cref="CutMode"/>. Cutting again changes the mode (a reset also drops held connections).</summary>
    public void Cut(CutMode mode = CutMode.Reset)
    {
        lock (_gate)
        {
            _cut = mode;
            if (_flowing.Task.IsCompleted)
            {
                _flowing = NewFlowing(completed: false);
            }
        }
        if (mode == CutMode.Reset)
        {
            foreach (var link in _links.Values)
            {
                link.Reset();
            }
        }
    }

    /// <summary>Lets bytes flow again: new connections go through, connections held by a blackhole resume.</summary>
    public void Heal()
    {
        lock (_gate)
        {
            _cut = null;
            _flowing.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        foreach (var link in _links.Values)
        {
            link.Reset();
        }
        var all = _links.Values.Select(l => l.Completion).Append(_acceptLoop).ToArray();
        await Task.WhenAny(Task.WhenAll(all), Task.Delay(TimeSpan.FromSeconds(10)));
    }

    private static TaskCompletionSource NewFlowing(bool completed)
    {
        var flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            flowing.SetResult();
        }
        return flowing;
    }

    private Task WaitFlowingAsync(CancellationToken cancel)
    {
        lock (_gate)
        {
            return _flowing.Task.WaitAsync(cancel);
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            Interlocked.Increment(ref _accepted);
            if (CurrentCut == CutMode.Reset)
            {
                Link.ResetSocket(client);
                continue;
            }
            _ = Task.Run(() => ConnectAsync(client));
        }
    }

    private async Task ConnectAsync(Socket client)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await upstream.ConnectAsync(new IPEndPoint(IPAddress.Loopback, TargetPort), _stopping.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The target is down (a restart, say): the client sees what it would see from the target itself.
            Link.ResetSocket(client);
            upstream.Dispose();
            return;
        }
        var id = Interlocked.Increment(ref _nextLinkId);
        var link = new Link(client, upstream, _stopping.Token);
        _links[id] = link;
        // A reset cut that swept the links just before this one was added must not miss it.
        if (CurrentCut == CutMode.Reset || _stopping.IsCancellationRequested)
        {
            link.Reset();
        }
        link.Completion = RunLinkAsync(id, link);
    }

    private async Task RunLinkAsync(long id, Link link)
    {
        try
        {
            await Task.WhenAll(PumpAsync(link.Client, link.Upstream, link), PumpAsync(link.Upstream, link.Client, link));
        }
        finally
        {
            link.Close();
            _links.TryRemove(id, out _);
        }
    }

    // Bytes already read when a blackhole starts are held, not dropped: a partition delays, it does not corrupt.
    private async Task PumpAsync(Socket from, Socket to, Link link)
    {
        var buffer = new byte[BufferSize];
        try
        {
            while (true)
            {
                await WaitFlowingAsync(link.Closing);
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, link.Closing);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }
                await WaitFlowingAsync(link.Closing);
                var sent = 0;
                while (sent < read)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, link.Closing);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // One side went away, or a cut reset the link: the other side must see it too.
            link.Reset();
        }
    }

    private sealed class Link(Socket client, Socket upstream, CancellationToken stopping)
    {
        // Cancelled when the link is reset or closed, so pumps held by a blackhole end with it.
        private readonly CancellationTokenSource _closing = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        private int _closed;

        public Socket Client { get; } = client;

        public Socket Upstream { get; } = upstream;

        public CancellationToken Closing => _closing.Token;

        public bool IsClosed => Volatile.Read(ref _closed) == 1;

        public Task Completion { get; set; } = Task.CompletedTask;

        public static void ResetSocket(Socket socket)
        {
            try
            {
                // Linger 0: close sends RST instead of FIN, so the peer sees a reset, not an orderly end.
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
            socket.Dispose();
        }

        public void Reset()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                ResetSocket(Client);
                ResetSocket(Upstream);
                _closing.Cancel();
            }
        }

        public void Close()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                Client.Dispose();
                Upstream.Dispose();
                _closing.Cancel();
            }
        }
    }
}
