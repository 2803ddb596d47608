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
    public sealed record Generated(ImmutableSortedDictionary<string, string> Files, ImmutableArray<string> Decisions) : ScaffoldResult
    {
        /// <summary>For a history: the step written, <c>V2_ab12cd34ef56</c>; null for the single-migration layout.</summary>
        public string? Step { get; init; }

        /// <summary>True when the newest step (stamped with the same version) was written again rather than a step added.</summary>
        public bool Replaced { get; init; }

        /// <summary>
        /// Files of the step that was newest, with their <c>using Next = Backend;</c> pointed at the new step's
        /// types (the only change; the person's code in them is kept as it is).
        /// </summary>
        public ImmutableSortedDictionary<string, string> Rewritten { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
    }

    /// <summary>The scaffold could not be written (e.g. a source has no app class).</summary>
    /// <param name="Message">What is missing.</param>
    /// <param name="Diagnostics">Compile diagnostics behind the message, if any.</param>
    public sealed record Failed(string Message, ImmutableArray<CompileDiagnostic> Diagnostics) : ScaffoldResult;
}
