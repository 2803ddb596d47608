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
/// <remarks>
/// A command runs after its record is durable, so a command that fails here cannot be undone: it
/// is logged and counted (<see cref="Failures"/>), and the writer, the other commands and every
/// later restore go on. Letting it throw would end the writer (or, at restore, fail every restart
/// of a store whose records are all sound).
/// </remarks>
internal sealed class CommandRunner(PendingResponses responses, TimeProvider clock, Action<LoggedEvent> enqueue) : IDisposable
{
    /// <summary>
    /// The longest a system timer can be armed for (about 49.7 days, <c>0xFFFFFFFE</c> ms); a timer due
    /// later is armed in steps of at most this, re-arming itself at each step until it is due.
    /// </summary>
    internal static readonly TimeSpan MaxTimerStep = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(100) };
    private readonly ConcurrentDictionary<string, ArmedTimer> _timers = new(StringComparer.Ordinal);
    private volatile bool _disposed;
    private long _failures;

    /// <summary>Commands that failed after their record was durable (logged; the writer went on).</summary>
    public long Failures => Interlocked.Read(ref _failures);

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
            foreach (var command in commands.Items)
            {
                RunGuarded(command);
            }
        }
    }

    /// <summary>Re-arms the timers a restore found pending.</summary>
    public void ArmAll(ImmutableSortedDictionary<string, long> timers)
    {
        foreach (var (id, due) in timers)
        {
            RunGuarded(new Command.SetTimer(id, due));
        }
    }

    private void RunGuarded(Command command)
    {
        try
        {
            Run(command);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Interlocked.Increment(ref _failures);
            Console.Error.WriteLine($"conifer: the command {command} failed after its record was durable, so it is dropped: {e.GetType().Name}: {e.Message}");
        }
    }

    private void Run(Command command)
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

    private void AnswerOutcomeUnknown(Commands commands)
    {
        foreach (var respond in commands.Items.OfType<Command.Respond>())
        {
            responses.Complete(respond.RequestId, PublicResponse.Text(503, "The outcome of this request is unknown: the store could not make it durable. The server restarts to recover from disk."));
        }
    }

    /// <summary>Arms (or re-arms) the timer <paramref name="timerId"/> for any due time a <see cref="long"/> holds.</summary>
    private void Arm(string timerId, long dueMilli)
    {
        if (_disposed)
        {
            return;
        }
        // Registered before the system timer exists, so that a timer due at once finds itself
        // registered when it fires; a timer replaced or cancelled meanwhile finds it is not.
        var armed = new ArmedTimer();
        ArmedTimer? previous = null;
        _timers.AddOrUpdate(timerId, armed, (_, old) =>
        {
            previous = old;
            return armed;
        });
        previous?.Dispose();
        armed.Set(clock.CreateTimer(_ => Fire(timerId, dueMilli, armed), null, Step(dueMilli), Timeout.InfiniteTimeSpan));
    }

    private TimeSpan Step(long dueMilli)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        // Compared before subtracting: a due time far in the past would overflow the difference.
        return dueMilli <= now ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Min(dueMilli - now, (long)MaxTimerStep.TotalMilliseconds));
    }

    private void Fire(string timerId, long dueMilli, ArmedTimer armed)
    {
        if (_disposed || !_timers.TryGetValue(timerId, out var current) || !ReferenceEquals(current, armed))
        {
            return;
        }
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        // One step of a timer due later than a system timer reaches: arm the next step.
        if (dueMilli > now && dueMilli - now > 1000)
        {
            RunGuarded(new Command.SetTimer(timerId, dueMilli));
            return;
        }
        // System timers may fire a little early (rounding); the event carries at least the due
        // time, so the writer's due check accepts it and the app sees a time no earlier than asked.
        enqueue(new LoggedEvent.Timer(new TimerEvent(timerId, Math.Max(dueMilli, now))));
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
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever the request's fault (a bad method, URL or header included), the app hears of it as a response event.
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
