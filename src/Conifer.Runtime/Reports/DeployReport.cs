using System.Collections.Immutable;
using Conifer.Runtime.Revert;

namespace Conifer.Runtime.Reports;

/// <summary>
/// The JSON report of one deploy attempt (DESIGN §4): kept in the store's <c>reports/</c> folder,
/// returned to the client, shown by the admin page. Every attempt gets one, failures included.
/// </summary>
public sealed record DeployReport
{
    /// <summary>Version of this report's JSON shape.</summary>
    public int FormatVersion { get; init; } = 1;

    /// <summary>Unique id of the attempt (also the report's file name).</summary>
    public required string Id { get; init; }

    /// <summary>When the attempt began (UTC).</summary>
    public required DateTimeOffset BeganAt { get; init; }

    /// <summary>How it ended.</summary>
    public required DeployOutcome Outcome { get; init; }

    /// <summary><c>migrate</c>, <c>init</c> or <c>revert</c>.</summary>
    public required string Mode { get; init; }

    /// <summary>Whether this was a dry run (steps 1–4 only).</summary>
    public bool DryRun { get; init; }

    /// <summary>The version id running before the attempt, or null for an empty store.</summary>
    public string? PreviousVersionId { get; init; }

    /// <summary>The version id of the deployed source.</summary>
    public string? NewVersionId { get; init; }

    /// <summary>The store sequence of the deploy record, when committed.</summary>
    public long? Sequence { get; init; }

    /// <summary>Each step in order with its duration.</summary>
    public ImmutableArray<DeployStep> Steps { get; init; } = [];

    /// <summary>How long the public app waited: from pausing the writer to the swap (steps 3–5 only).</summary>
    public double PauseMilli { get; init; }

    /// <summary>Total wall time of the attempt.</summary>
    public double TotalMilli { get; init; }

    /// <summary>A one-paragraph reason when rejected: what was wrong and what to do.</summary>
    public string? Error { get; init; }

    /// <summary>Compiler and rule diagnostics as <c>file:line:column: message</c>.</summary>
    public ImmutableArray<string> Diagnostics { get; init; } = [];

    /// <summary>Lenient-check mismatches as <c>path: stored X, expected Y</c>.</summary>
    public ImmutableArray<string> Mismatches { get; init; } = [];

    /// <summary>
    /// What passed but deserves a look: every stored field the types the state was read as ignore
    /// (<c>path: stored preview, ignored …</c>), so that data a migration drops is never dropped silently.
    /// </summary>
    public ImmutableArray<string> Warnings { get; init; } = [];

    /// <summary>The migration's (or Init's) exception with its stack trace, when it threw.</summary>
    public string? MigrationException { get; init; }

    /// <summary>How many commands the migration returned (run once the new state is durable).</summary>
    public int MigrationCommands { get; init; }

    /// <summary>For a revert: the deploy returned to and what was logged after it, which the revert discarded.</summary>
    public RevertPlan? Revert { get; init; }
}
