using Conifer.Runtime.Reports;
using Conifer.Values;

namespace Conifer.Testing;

/// <summary>A <see cref="MigrationTestResult"/> whose new state is also read as the test's own <typeparamref name="TState"/>.</summary>
/// <typeparam name="TState">The app's <c>State</c> type as the test project compiled it.</typeparam>
public sealed class MigrationTestResult<TState> : MigrationTestResult
{
    internal MigrationTestResult(DeployReport report, object? state, Value? tree, TState? typed)
        : base(report, state, tree) => State = typed;

    /// <summary>The new state as <typeparamref name="TState"/> (read from the tree with the lenient check); default when rejected.</summary>
    public TState? State { get; }

    /// <summary>Throws <see cref="MigrationTestFailedException"/> unless the migration passed; returns the new state.</summary>
    public TState PassedState() => Passed ? State! : throw new MigrationTestFailedException(Report);
}
