using Conifer.Runtime.Reports;
using Conifer.Values;

namespace Conifer.Runtime.Rehearsal;

/// <summary>
/// What a rehearsed deploy produced: the report a real deploy would have given (outcome
/// <see cref="DeployOutcome.DryRunPassed"/> or <see cref="DeployOutcome.Rejected"/>) and, when it
/// passed, the new state.
/// </summary>
/// <param name="Report">Steps, timings, diagnostics, mismatches and the migration's exception, as a deploy reports them.</param>
/// <param name="NewState">The new state as the app's own <c>State</c> type (loaded in the app's load context); null when rejected.</param>
/// <param name="NewTree">The new state as a value tree (for JSON, diffs and fixtures); null when rejected.</param>
/// <param name="NewDocument">The new state as the value document a deploy would store; null when rejected.</param>
public sealed record RehearsalResult(DeployReport Report, object? NewState, Value? NewTree, byte[]? NewDocument)
{
    /// <summary>True when every step passed: a deploy of this version onto this state would commit.</summary>
    public bool Passed => Report.Outcome == DeployOutcome.DryRunPassed;
}
