using System.Collections.Immutable;
using Conifer.Runtime.Reports;

namespace Conifer.Runtime.Revert;

/// <summary>How a revert request ended. Only <see cref="Finished"/> with a committed report changed anything.</summary>
public abstract record RevertResult
{
    private RevertResult()
    {
    }

    /// <summary>A dry run: what the revert would do and discard; nothing was changed.</summary>
    public sealed record Planned(RevertPlan Plan) : RevertResult;

    /// <summary>The revert ran as a deploy: committed, or rejected with the process and store as before. The report is kept like any deploy's.</summary>
    public sealed record Finished(DeployReport Report) : RevertResult;

    /// <summary>The id names no committed deploy; <paramref name="Known"/> lists those the reports know.</summary>
    public sealed record UnknownDeploy(string Error, ImmutableArray<RevertCandidate> Known) : RevertResult;

    /// <summary>The deploy exists but cannot be returned to (its record was truncated away, a blob is missing, its version no longer loads).</summary>
    public sealed record Unavailable(string Error) : RevertResult;
}
