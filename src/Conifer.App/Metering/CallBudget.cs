using System.Diagnostics;

namespace Conifer.App.Metering;

/// <summary>
/// One call's budget. A class shared with the runtime, not thread statics alone, so that another
/// thread can cancel the call (<see cref="ExecutionBudget.Scope.Cancel"/>) and the call sees it at its next tick.
/// </summary>
internal sealed class CallBudget(TimeSpan limit, long deadline)
{
    private volatile int _stop;

    public TimeSpan Limit { get; } = limit;

    /// <summary>Stopwatch timestamp after which the call is over; 0: no time limit.</summary>
    public long Deadline { get; } = deadline;

    public string? CancelReason { get; private set; }

    public StopReason Stop => (StopReason)_stop;

    /// <summary>Records the first reason the call stopped; later ones do not replace it.</summary>
    public void StopWith(StopReason reason, string? cancelReason = null)
    {
        if (Interlocked.CompareExchange(ref _stop, (int)reason, (int)StopReason.None) == (int)StopReason.None)
        {
            CancelReason = cancelReason;
        }
    }

    /// <summary>Whether the call was stopped or is past its deadline now.</summary>
    public bool Overran => Stop != StopReason.None || (Deadline != 0 && Stopwatch.GetTimestamp() > Deadline);

    public Exception Exception() => Stop switch
    {
        StopReason.Stack => new InsufficientExecutionStackException("The app code nested its calls so deep that the stack is nearly used up, and was stopped."),
        StopReason.Cancelled => new ExecutionBudgetExceededException($"The app code was stopped: {CancelReason}"),
        _ => new ExecutionBudgetExceededException(Limit),
    };
}
