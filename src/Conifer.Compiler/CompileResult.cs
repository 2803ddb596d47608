using System.Collections.Immutable;

namespace Conifer.Compiler;

/// <summary>The outcome of compiling and checking an <see cref="AppSource"/>: a value the caller must look at.</summary>
public abstract record CompileResult
{
    private CompileResult()
    {
    }

    /// <summary>The version id of the source that was compiled.</summary>
    public abstract string VersionId { get; }

    /// <summary>The app compiled and passed every rule.</summary>
    /// <param name="App">The emitted assembly and its discovered shape, ready to <see cref="CompiledApp.Load"/>.</param>
    public sealed record Success(CompiledApp App) : CompileResult
    {
        /// <inheritdoc />
        public override string VersionId => App.VersionId;
    }

    /// <summary>The app was rejected; <paramref name="Diagnostics"/> holds every reason, sorted by file and position.</summary>
    /// <param name="VersionIdOfSource">The version id of the rejected source.</param>
    /// <param name="Diagnostics">At least one diagnostic.</param>
    public sealed record Failure(string VersionIdOfSource, ImmutableArray<CompileDiagnostic> Diagnostics) : CompileResult
    {
        /// <inheritdoc />
        public override string VersionId => VersionIdOfSource;

        /// <summary>All diagnostics, one per line.</summary>
        public override string ToString() => string.Join(Environment.NewLine, Diagnostics);
    }
}
