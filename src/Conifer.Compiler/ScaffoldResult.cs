using System.Collections.Immutable;

namespace Conifer.Compiler;

/// <summary>The outcome of <see cref="MigrationScaffold"/>.</summary>
public abstract record ScaffoldResult
{
    private ScaffoldResult()
    {
    }

    /// <summary>The files to write, relative to the new app's folder.</summary>
    /// <param name="Files">Path (with <c>/</c>) to content: <c>Backend/Prev/*.cs</c> and <c>Backend/MigrateState.cs</c>.</param>
    /// <param name="Decisions">
    /// One line per place that needs a person's decision (e.g. <c>State.Count: was string, now int</c>),
    /// each marked in <c>MigrateState.cs</c> by a compile error; empty when the scaffold compiles as is.
    /// </param>
    public sealed record Generated(ImmutableSortedDictionary<string, string> Files, ImmutableArray<string> Decisions) : ScaffoldResult;

    /// <summary>The scaffold could not be written (e.g. a source has no app class).</summary>
    /// <param name="Message">What is missing.</param>
    /// <param name="Diagnostics">Compile diagnostics behind the message, if any.</param>
    public sealed record Failed(string Message, ImmutableArray<CompileDiagnostic> Diagnostics) : ScaffoldResult;
}
