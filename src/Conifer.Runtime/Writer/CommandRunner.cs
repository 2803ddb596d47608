using System.Collections.Concurrent;
using System.Collections.Immutable;
using Conifer.App;
using Conifer.Runtime.Log;
using Conifer.Runtime.Public;

namespace Conifer.Runtime.Writer;

/// <summary>
/// Runs the commands an update returned, and only once the record that carries their state is
/// durable: a client never sees a response, a timer or an outgoing request whose cause a crash
/// could still erase.
/// </summary>
internal sealed class CommandRunner(PendingResponses responses, TimeProvider clock, Action<LoggedEvent> enqueue) : IDisposable
{
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(100) };
    private readonly ConcurrentDictionary<string, ITimer> _timers = new(StringComparer.Ordinal);
    private volatile bool _disposed;

    /// <summary>Runs <paramref name="commands"/> after <paramref name="durable"/> completes; if it fails, answers 503.</summary>
    public void RunWhenDurable(Task durable, Commands commands) => RunWhenDurable(durable, [commands]);

    /// <summary>Runs each batch of commands, in order, after <paramref name="durable"/> completes; if it fails, answers 503.</summary>
    public void RunWhenDurable(Task durable, Commands[] batch)
    {
        if (durable.IsCompletedSuccessfully)
        {
            RunAll(batch);
            return;
        }
        durable.ContinueWith(
            t =>
            {
                if (t.IsCompletedSuccessfully)
                {
                    RunAll(batch);
                }
                else
                {
                    // The batch's outcome is unknown (the fsync failed, or the process is stopping):
                    // never report success, never report failure as if nothing was written.
                    foreach (var commands in batch)
                    {
                        AnswerOutcomeUnknown(commands);
                    }
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void RunAll(Commands[] batch)
    {
        foreach (var commands in batch)
        {
            Run(commands);
        }
    }

    /// <summary>Re-arms the timers a restore found pending.</summary>
    public void ArmAll(ImmutableSortedDictionary<string, long> timers)
    {
        foreach (var (id, due) in timers)
        {
            Arm(id, due);
        }
    }

    private void Run(Commands commands)
    {
        foreach (var command in commands.Items)
        {
            switch (command)
            {
                case Command.Respond respond:
                    responses.Complete(respond.RequestId, new PublicResponse(respond.StatusCode, respond.Headers.IsDefault ? [] : respond.Headers, respond.Body.IsDefault ? [] : respond.Body));
                    break;
                case Command.SetTimer timer:
                    Arm(timer.TimerId, timer.AtPosixTimeMilli);
                    break;
                case Command.CancelTimer cancel:
                    if (_timers.TryRemove(cancel.TimerId, out var pending))
                    {
                        pending.Dispose();
                    }
                    break;
                case Command.SendHttpRequest send:
                    _ = SendAsync(send);
                    break;
                default:
                    throw new InvalidOperationException($"{nameof(CommandRunner)}.{nameof(Run)}: unhandled command {command.GetType().Name}.");
            }
        }
    }

    private void AnswerOutcomeUnknown(Commands commands)
    {
        foreach (var respond in commands.Items.OfType<Command.Respond>())
        {
            responses.Complete(respond.RequestId, PublicResponse.Text(503, "The outcome of this request is unknown: the store could not make it durable. The server restarts to recover from disk."));
        }
    }

    private void Arm(string timerId, long dueMilli)
    {
        if (_disposed)
        {
            return;
        }
        var delay = TimeSpan.FromMilliseconds(Math.Max(0, dueMilli - clock.GetUtcNow().ToUnixTimeMilliseconds()));
        var timer = clock.CreateTimer(
            // System timers may fire a little early (rounding); the event carries at least the due
            // time, so the writer's due check accepts it and the app sees a time no earlier than asked.
            _ => enqueue(new LoggedEvent.Timer(new TimerEvent(timerId, Math.Max(dueMilli, clock.GetUtcNow().ToUnixTimeMilliseconds())))),
            null,
            delay,
            Timeout.InfiniteTimeSpan);
        if (_timers.TryGetValue(timerId, out var previous))
        {
            previous.Dispose();
        }
        _timers[timerId] = timer;
    }

    private async Task SendAsync(Command.SendHttpRequest send)
    {
        HttpResponseEvent outcome;
        try
        {
            using var request = new HttpRequestMessage(new HttpMethod(send.Method), send.Url);
            if (!send.Body.IsDefaultOrEmpty)
            {
                request.Content = new ByteArrayContent(send.Body.ToArray());
            }
            foreach (var header in send.Headers.IsDefault ? [] : send.Headers)
            {
                if (!request.Headers.TryAddWithoutValidation(header.Name, header.Value))
                {
                    request.Content?.Headers.TryAddWithoutValidation(header.Name, header.Value);
                }
            }
            using var response = await s_http.SendAsync(request).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            var headers = response.Headers.Concat(response.Content.Headers)
                .SelectMany(h => h.Value.Select(v => new HttpHeader(h.Key, v)))
                .ToImmutableArray();
            outcome = new HttpResponseEvent(send.RequestId, clock.GetUtcNow().ToUnixTimeMilliseconds(), (int)response.StatusCode, headers, [.. body], null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException or UriFormatException)
        {
            outcome = new HttpResponseEvent(send.RequestId, clock.GetUtcNow().ToUnixTimeMilliseconds(), 0, [], [], e.Message);
        }
        if (!_disposed)
        {
            enqueue(new LoggedEvent.HttpResponse(outcome));
        }
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var timer in _timers.Values)
        {
            timer.Dispose();
        }
        _timers.Clear();
    }
}
