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
}
