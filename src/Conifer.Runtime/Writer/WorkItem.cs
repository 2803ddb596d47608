using Conifer.Runtime.Admin;
using Conifer.Runtime.Deploy;
using Conifer.Runtime.Log;
using Conifer.Runtime.Reports;
using Conifer.Runtime.Revert;
using Conifer.Values;

namespace Conifer.Runtime.Writer;

/// <summary>What the single writer works through, in arrival order.</summary>
internal abstract record WorkItem
{
    private WorkItem()
    {
    }

    /// <summary>An app event; for an HTTP request the response is matched by the request's id.</summary>
    public sealed record AppEvent(LoggedEvent Event) : WorkItem;

    /// <summary>Steps 3–5 of a deploy, run while the writer holds every other event back.</summary>
    public sealed record Deploy(PreparedDeploy Prepared, TaskCompletionSource<DeployReport> Done) : WorkItem;

    /// <summary>The paused part of a revert: count the newest records, append the revert's deploy record, swap.</summary>
    public sealed record Revert(PreparedRevert Prepared, TaskCompletionSource<DeployReport> Done) : WorkItem;

    /// <summary>An admin set-state: the tree is read as the current <c>State</c> with the lenient check.</summary>
    public sealed record SetState(Value Tree, TaskCompletionSource<SetStateResult> Done) : WorkItem;

    /// <summary>
    /// An admin function or script: <paramref name="Compute"/> runs under the writer against the
    /// durable state (with the commit flag); an update is logged as one record only when <paramref name="Commit"/> is set.
    /// </summary>
    public sealed record Admin(Func<ProcessState, bool, AdminComputation> Compute, bool Commit, TaskCompletionSource<AdminCallResult> Done) : WorkItem;

    /// <summary>Waits until everything applied so far is durable, then reports the state.</summary>
    public sealed record ReadState(TaskCompletionSource<ProcessState> Done) : WorkItem;
}
