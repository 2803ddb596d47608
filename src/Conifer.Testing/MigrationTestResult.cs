using System.Collections.Immutable;
using Conifer.Runtime.Reports;
using Conifer.Values;
using Conifer.Values.Codecs;

namespace Conifer.Testing;

/// <summary>What <see cref="MigrationTest.Run(string, string)"/> found: the deploy report and, when it passed, the new state.</summary>
public class MigrationTestResult
{
    internal MigrationTestResult(DeployReport report, object? state, Value? tree)
    {
        Report = report;
        StateObject = state;
        Tree = tree;
    }

    /// <summary>The report a deploy of this version onto the fixture would give (steps, mismatches, the migration's exception).</summary>
    public DeployReport Report { get; }

    /// <summary>True when a deploy onto the fixture would commit.</summary>
    public bool Passed => Report.Outcome == DeployOutcome.DryRunPassed;

    /// <summary>Every lenient-check mismatch, as <c>path: stored X, expected Y</c>.</summary>
    public ImmutableArray<string> Mismatches => Report.Mismatches;

    /// <summary>The new state as the app's <c>State</c>, loaded by Conifer's compiler (its type lives in the app's own load context); null when rejected.</summary>
    public object? StateObject { get; }

    /// <summary>The new state as a value tree; null when rejected.</summary>
    public Value? Tree { get; }

    /// <summary>The new state in the tree's JSON form (what <c>conifer state export</c> writes under <c>"state"</c>); null when rejected.</summary>
    public string? Json => Tree is null ? null : ValueJsonCodec.Write(Tree, indented: true);

    /// <summary>Throws <see cref="MigrationTestFailedException"/> with the whole report unless the migration passed; returns this result.</summary>
    public MigrationTestResult EnsurePassed() => Passed ? this : throw new MigrationTestFailedException(Report);
}
