using System.Collections.Immutable;
using Conifer.Compiler.Scaffolding;
using Conifer.Values;

namespace Conifer.Compiler;

/// <summary>
/// <c>conifer migrate scaffold</c>: writes the previous version's state types as
/// <c>Backend/Prev/*.cs</c> (namespace <c>Backend.Prev</c>) and a <c>Backend/MigrateState.cs</c>
/// whose <c>Migrate</c> copies every field that kept its name and type and leaves a compile
/// error, <c>MigrationDecision.Required&lt;T&gt;("what changed")</c>, at each field that needs a
/// decision, never a silent default. When the new <c>State</c> equals the old one, the output
/// compiles unchanged.
/// </summary>
public static class MigrationScaffold
{
    /// <summary>The name of the marker the scaffold leaves where a person must decide (it deliberately does not exist).</summary>
    public const string DecisionMarker = "MigrationDecision";

    /// <summary>Scaffolds from the older version's source folder.</summary>
    /// <param name="newSource">The new app (its existing <c>Backend/Prev/</c> and <c>MigrateState.cs</c> are ignored).</param>
    /// <param name="oldSource">The deployed app whose state is stored.</param>
    /// <param name="renames">Old name to new name for fields, union cases and types; a key may be qualified (<c>State.Count</c>).</param>
    public static ScaffoldResult FromSource(AppSource newSource, AppSource oldSource, IReadOnlyDictionary<string, string>? renames = null) =>
        ScaffoldWriter.FromSource(newSource, oldSource, renames ?? ImmutableDictionary<string, string>.Empty);

    /// <summary>Scaffolds from a stored state tree, inferring record, union, enum, list and dictionary types from its field and tag names.</summary>
    /// <param name="newSource">The new app.</param>
    /// <param name="storedState">The state as stored (e.g. exported from a running server).</param>
    /// <param name="renames">Old name to new name for fields, union cases and types; a key may be qualified (<c>State.Count</c>).</param>
    public static ScaffoldResult FromStoredState(AppSource newSource, Value storedState, IReadOnlyDictionary<string, string>? renames = null) =>
        ScaffoldWriter.FromStoredState(newSource, storedState, renames ?? ImmutableDictionary<string, string>.Empty);

    /// <summary>
    /// Adds a step to the app's migration history (docs/migrations.md, "The migration history"): the
    /// old version's state types and a <c>Migrate</c> to the current types under
    /// <c>Backend/Migrations/V&lt;n&gt;_&lt;id&gt;/</c>, stamped <c>[MigratesFrom(oldSource.VersionId)]</c>. The step
    /// that was newest is pointed at the new step's types (<see cref="ScaffoldResult.Generated.Rewritten"/>).
    /// When the newest step already migrates from that version, it is written again instead.
    /// </summary>
    /// <param name="newSource">The new app with its history so far.</param>
    /// <param name="oldSource">The deployed version, whose id is the stamp.</param>
    /// <param name="renames">Old name to new name for fields, union cases and types.</param>
    public static ScaffoldResult AddStepFromSource(AppSource newSource, AppSource oldSource, IReadOnlyDictionary<string, string>? renames = null)
    {
        ArgumentNullException.ThrowIfNull(oldSource);
        return ScaffoldWriter.AddStep(newSource, ScaffoldWriter.FromOldSource(oldSource), oldSource.VersionId, renames ?? ImmutableDictionary<string, string>.Empty, oldSource);
    }

    /// <summary>Adds a step to the history from a stored state tree (as <see cref="AddStepFromSource"/>).</summary>
    /// <param name="newSource">The new app with its history so far.</param>
    /// <param name="storedState">The state as stored.</param>
    /// <param name="fromVersionId">The version the state belongs to (the stamp); null writes an unstamped step.</param>
    /// <param name="renames">Old name to new name for fields, union cases and types.</param>
    public static ScaffoldResult AddStepFromStoredState(AppSource newSource, Value storedState, string? fromVersionId, IReadOnlyDictionary<string, string>? renames = null)
    {
        var map = renames ?? ImmutableDictionary<string, string>.Empty;
        return ScaffoldWriter.AddStep(newSource, ScaffoldWriter.FromTree(storedState, map), fromVersionId, map, null);
    }
}
