using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Conifer.App.Metering;

/// <summary>
/// Stops app code that runs away. The compiler inserts <see cref="Tick"/> at the top of every loop
/// body and <see cref="Enter"/> at the top of every method and lambda of an app, so that the runtime
/// can bound one call of the app (an event, an admin function, an eval) in time and in stack depth
/// without killing a thread, which .NET cannot do safely. Outside a <see cref="Limit"/> scope (replay)
/// only the stack is checked. App code never needs to call these members.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ExecutionBudget
{
    // The clock is read once per this many ticks: a static decrement is all a loop pays.
    private const int TicksPerClockRead = 1024;

    // The stack is checked once per this many calls: the check costs several times a small call.
    private const int CallsPerStackCheck = 16;

    // Plain statics, not thread statics: a thread-static access costs more than a small call, and
    // these only pace the slow path (which reads this thread's deadline), so a decrement lost to a
    // race between two threads running app code at once changes nothing that matters.
    private static int s_countdown;
    private static int s_calls;

    // Stopwatch timestamp after which the current call is over; 0 while no limit is set.
    [ThreadStatic]
    private static long t_deadline;

    [ThreadStatic]
    private static TimeSpan t_limit;

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

    /// <summary>Bounds the app code this thread runs until the scope is disposed.</summary>
    internal static Scope Limit(TimeSpan limit)
    {
        var previous = (t_deadline, t_limit);
        t_limit = limit;
        // Zero, negative (Timeout.InfiniteTimeSpan) or too large to count: no time limit, only the stack check.
        var ticks = limit.TotalSeconds * Stopwatch.Frequency;
        t_deadline = limit <= TimeSpan.Zero || ticks >= long.MaxValue / 2 ? 0 : Stopwatch.GetTimestamp() + (long)ticks;
        return new Scope(previous.t_deadline, previous.t_limit);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CheckStack()
    {
        s_calls = CallsPerStackCheck;
        // Unbounded recursion would end the whole process with a stack overflow, which no handler
        // can catch; this turns it into an exception in the call that recursed. The check keeps a
        // margin of at least 64 KiB, far more than a few frames of app code take.
        RuntimeHelpers.EnsureSufficientExecutionStack();
        Tick();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ReadClock()
    {
        s_countdown = TicksPerClockRead;
        // Once past the deadline every later tick throws again, so app code that catches the
        // exception inside a loop is stopped by the next tick of the loop around it.
        if (t_deadline != 0 && Stopwatch.GetTimestamp() > t_deadline)
        {
            s_countdown = 0;
            throw new ExecutionBudgetExceededException(t_limit);
        }
    }

    /// <summary>Restores the limit that held before <see cref="Limit"/> was called.</summary>
    internal readonly struct Scope(long previousDeadline, TimeSpan previousLimit) : IDisposable
    {
        /// <summary>Ends the limit.</summary>
        public void Dispose()
        {
            t_deadline = previousDeadline;
            t_limit = previousLimit;
        }
    }
}
