using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Conifer.App.Metering;

/// <summary>
/// Stops app code that runs away. The compiler inserts <see cref="Tick"/> at the top of every loop
/// body and <see cref="Enter"/> at the top of every method and lambda of an app, a
/// <see cref="MayCatch"/> filter on every <c>catch</c>, and <see cref="RegexTimeout"/> into every
/// regular expression it builds, so that the runtime can bound one call of the app (an event, an
/// admin function, an eval, one replayed record) in time and in stack depth without killing a
/// thread, which .NET cannot do safely. Outside a <see cref="Limit"/> scope only the stack is
/// checked. App code never needs to call these members.
/// </summary>
/// <remarks>
/// Once a call is stopped (its time is up, its stack nearly used up, or the runtime cancelled it)
/// it stays stopped until its scope ends: no <c>catch</c> of the app accepts any exception, and
/// every later tick throws again, in <c>finally</c> blocks too. Both the limit and the stack depth
/// depend on the machine and the moment, so a call that could observe them and go on would log a
/// result that replay, on another day or machine, does not reach.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ExecutionBudget
{
    // The clock is read once per this many ticks: a static decrement is all a loop pays.
    private const int TicksPerClockRead = 1024;

    // The stack is checked once per this many calls: the check costs several times a small call.
    private const int CallsPerStackCheck = 16;

    // The longest match timeout Regex accepts (Int32.MaxValue - 1 ms).
    private static readonly TimeSpan MaxRegexTimeout = TimeSpan.FromMilliseconds(int.MaxValue - 1);

    // Plain statics, not thread statics: a thread-static access costs more than a small call, and
    // these only pace the slow path (which reads this thread's budget), so a decrement lost to a
    // race between two threads running app code at once changes nothing that matters.
    private static int s_countdown;
    private static int s_calls;

    // The budget of the call this thread runs; null outside a Limit scope.
    [ThreadStatic]
    private static CallBudget? t_budget;

    /// <summary>Inserted at the top of every loop body.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Tick()
    {
        if (--s_countdown <= 0)
        {
            ReadClock();
        }
    }

    /// <summary>Inserted at the top of every method, accessor, local function and lambda.</summary>
    /// <exception cref="InsufficientExecutionStackException">The call nests so deep that the stack is nearly used up.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Enter()
    {
        if (--s_calls <= 0)
        {
            CheckStack();
        }
    }

    /// <summary>
    /// The filter inserted on every <c>catch</c> of app code: false for the exceptions that stop a
    /// call (the time limit, the stack check, a regular expression's timeout, which is the call's
    /// remaining time) and for every exception once the call is stopped, so that none of them can be
    /// caught and turned into a result.
    /// </summary>
    public static bool MayCatch(Exception exception)
    {
        var budget = t_budget;
        if (budget is not null && budget.Stop != StopReason.None)
        {
            return false;
        }
        var reason = exception switch
        {
            ExecutionBudgetExceededException => StopReason.Time,
            RegexMatchTimeoutException => StopReason.Time,
            InsufficientExecutionStackException => StopReason.Stack,
            _ => StopReason.None,
        };
        if (reason == StopReason.None)
        {
            return true;
        }
        // The call is over: should a finally block replace this exception by another, that one is
        // not caught either.
        budget?.StopWith(reason);
        return false;
    }

    /// <summary>
    /// The guard inserted around the body of every <c>finally</c> of app code: false once the call is
    /// stopped, so its finally blocks are skipped (nothing they do counts). It also keeps the end of
    /// every finally block reachable: optimized .NET 10 code crashes the whole process (SIGSEGV) when
    /// an exception leaves a finally block that could only be left by one (<c>finally { while (true) … }</c>
    /// once a tick throws).
    /// </summary>
    public static bool Continues() => t_budget is not { Stop: not StopReason.None };

    /// <summary>
    /// The match timeout inserted into every regular expression app code builds: the call's
    /// remaining time, or less when <paramref name="requested"/> is shorter (the rewrite passes
    /// <see cref="Regex.InfiniteMatchTimeout"/> when the app gave none).
    /// </summary>
    public static TimeSpan RegexTimeout(TimeSpan requested)
    {
        var budget = t_budget;
        if (budget is null || budget.Deadline == 0)
        {
            return requested;
        }
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), budget.Deadline);
        if (remaining <= TimeSpan.Zero)
        {
            s_countdown = 0;
            ReadClock();
        }
        // At least a millisecond: a timeout must be positive, and the clock read above may lag the deadline.
        var bounded = remaining < MaxRegexTimeout ? remaining : MaxRegexTimeout;
        bounded = bounded < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : bounded;
        return requested != Regex.InfiniteMatchTimeout && requested < bounded ? requested : bounded;
    }

    /// <summary>Bounds the app code this thread runs until the scope is disposed.</summary>
    internal static Scope Limit(TimeSpan limit)
    {
        var previous = t_budget;
        // Zero, negative (Timeout.InfiniteTimeSpan) or too large to count: no time limit, only the stack check.
        var ticks = limit.TotalSeconds * Stopwatch.Frequency;
        var deadline = limit <= TimeSpan.Zero || ticks >= long.MaxValue / 2 ? 0 : Stopwatch.GetTimestamp() + (long)ticks;
        var budget = new CallBudget(limit, deadline);
        t_budget = budget;
        return new Scope(previous, budget);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CheckStack()
    {
        s_calls = CallsPerStackCheck;
        // Unbounded recursion would end the whole process with a stack overflow, which no handler
        // can catch; this turns it into an exception in the call that recursed. The check keeps a
        // margin of at least 64 KiB, far more than a few frames of app code take.
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            t_budget?.StopWith(StopReason.Stack);
            s_countdown = 0;
            throw new InsufficientExecutionStackException("The app code nested its calls so deep that the stack is nearly used up, and was stopped.");
        }
        Tick();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ReadClock()
    {
        s_countdown = TicksPerClockRead;
        var budget = t_budget;
        if (budget is null)
        {
            return;
        }
        // Once stopped every later tick throws again, so app code that swallowed the exception
        // somewhere the filter cannot reach is stopped by the next tick around it.
        if (budget.Stop == StopReason.None && budget.Deadline != 0 && Stopwatch.GetTimestamp() > budget.Deadline)
        {
            budget.StopWith(StopReason.Time);
        }
        if (budget.Stop != StopReason.None)
        {
            s_countdown = 0;
            throw budget.Exception();
        }
    }

    /// <summary>One bounded call: restores the budget that held before <see cref="Limit"/> was called when disposed.</summary>
    internal readonly struct Scope(CallBudget? previous, CallBudget budget) : IDisposable
    {
        /// <summary>
        /// Why the call must not count, or null when it finished within its budget: the exception
        /// it was (or would have been) stopped with. A call that swallowed its stop, or ran past its
        /// deadline without a tick to notice, does not count either.
        /// </summary>
        public Exception? Overrun => budget.Overran ? OverrunException() : null;

        private Exception OverrunException()
        {
            if (budget.Stop == StopReason.None)
            {
                budget.StopWith(StopReason.Time);
            }
            return budget.Exception();
        }

        /// <summary>Stops the call from any thread: it throws at its next tick, and nothing it returns counts.</summary>
        public void Cancel(string reason)
        {
            budget.StopWith(StopReason.Cancelled, reason);
            s_countdown = 0;
        }

        /// <summary>Ends the limit.</summary>
        public void Dispose() => t_budget = previous;
    }
}
