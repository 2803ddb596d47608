using System.Diagnostics;
using Conifer.App.Metering;

namespace Conifer.Runtime.Writer;

/// <summary>One call of app code the writer runs for an event, as <see cref="CallWatch"/> sees it.</summary>
internal sealed class WatchedCall(string? requestId, ExecutionBudget.Scope scope)
{
    /// <summary>The public request the event answers, when it is one.</summary>
    public string? RequestId { get; } = requestId;

    /// <summary>The call's budget: cancelling it stops the call at its next tick, should it ever tick again.</summary>
    public ExecutionBudget.Scope Scope { get; } = scope;

    /// <summary>When the call began (a <see cref="Stopwatch"/> timestamp).</summary>
    public long Started { get; } = Stopwatch.GetTimestamp();

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(Started);
}
