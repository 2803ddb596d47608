using System.Collections.Immutable;
using Conifer.Compiler.Shape;
using Conifer.Values;
using Microsoft.CodeAnalysis;

namespace Conifer.Compiler.Scaffolding;

/// <summary>Runs the scaffold: models both states, then writes the Prev types and the migration.</summary>
internal static class ScaffoldWriter
{
    public static ScaffoldResult FromSource(AppSource newSource, AppSource oldSource, IReadOnlyDictionary<string, string> renames)
    {
        if (StateOf(WithoutScaffold(newSource)) is not { } next)
        {
            return Failed(newSource, "new");
        }
        if (StateOf(oldSource) is not { } old)
        {
            return Failed(oldSource, "old");
        }
        var prev = SymbolModelBuilder.Build(old.Compilation, old.State, isPrevious: true);
        return Write(prev, SymbolModelBuilder.Build(next.Compilation, next.State, isPrevious: false), renames);
    }

    public static ScaffoldResult FromStoredState(AppSource newSource, Value storedState, IReadOnlyDictionary<string, string> renames)
    {
        if (StateOf(WithoutScaffold(newSource)) is not { } next)
        {
            return Failed(newSource, "new");
        }
        var nextModel = SymbolModelBuilder.Build(next.Compilation, next.State, isPrevious: false);
        var prev = TreeModelBuilder.Build(storedState, nextModel, Renamer(renames));
        return Write(prev, nextModel, renames);
    }

    /// <summary>Adds a step to the history (or writes the newest again, when it is stamped with the same version).</summary>
    public static ScaffoldResult AddStep(AppSource newSource, Func<StateModel, StateModel?> previous, string? fromVersionId, IReadOnlyDictionary<string, string> renames, AppSource? oldSource)
    {
        if (StateOf(WithoutScaffold(newSource)) is not { } nextState)
        {
            return Failed(newSource, "new");
        }
        var nextModel = SymbolModelBuilder.Build(nextState.Compilation, nextState.State, isPrevious: false);
        if (previous(nextModel) is not { } prevModel)
        {
            return Failed(oldSource!, "old");
        }
        var history = MigrationHistory.Read(newSource);
        var newest = history.IsEmpty ? null : history[^1];
        var again = newest is not null && fromVersionId is not null && newest.FromVersionId == fromVersionId;
        var name = again ? newest!.Name : MigrationHistoryNames.StepName((newest?.Number ?? 0) + 1, fromVersionId);
        var folder = MigrationHistoryNames.Folder + "/" + name;
        var ns = MigrationHistoryNames.Namespace + "." + name;
        // In the step's namespace its own (previous) types need no qualifier; the next ones are Next.X.
        var prev = prevModel with { CSharpNames = prevModel.CSharpNames.ToImmutableDictionary(n => n.Key, n => n.Value.StartsWith("Prev.", StringComparison.Ordinal) ? n.Value[5..] : n.Value) };
        var next = nextModel with { CSharpNames = nextModel.CSharpNames.ToImmutableDictionary(n => n.Key, n => n.Value.StartsWith("global::", StringComparison.Ordinal) ? n.Value : "Next." + n.Value) };
        var (migrate, decisions) = MigrateWriter.Write(prev, next, Renamer(renames), (ns, fromVersionId));
        var files = PrevTypesWriter.Write(prev, ns, folder).Append(KeyValuePair.Create(folder + "/MigrateState.cs", migrate));
        // The step that was newest now returns what the new step takes: its Next becomes the new step's types.
        var rewritten = again || newest is null
            ? []
            : newSource.Files
                .Where(f => f.Path.StartsWith(newest.Folder + "/", StringComparison.Ordinal) && f.Text.Contains(MigrationHistory.NextIsApp, StringComparison.Ordinal))
                .Select(f => KeyValuePair.Create(f.Path, f.Text.Replace(MigrationHistory.NextIsApp, $"using Next = {ns};", StringComparison.Ordinal)));
        return new ScaffoldResult.Generated(files.ToImmutableSortedDictionary(StringComparer.Ordinal), decisions)
        {
            Step = name,
            Rewritten = rewritten.ToImmutableSortedDictionary(StringComparer.Ordinal),
            Replaced = again,
        };
    }

    /// <summary>The previous model from an old source, or null when it has no state type.</summary>
    public static Func<StateModel, StateModel?> FromOldSource(AppSource oldSource) => _ =>
        StateOf(WithoutScaffold(oldSource)) is { } old ? SymbolModelBuilder.Build(old.Compilation, old.State, isPrevious: true) : null;

    /// <summary>The previous model inferred from a stored tree.</summary>
    public static Func<StateModel, StateModel?> FromTree(Value storedState, IReadOnlyDictionary<string, string> renames) => next =>
        TreeModelBuilder.Build(storedState, next, Renamer(renames));

    private static ScaffoldResult Write(StateModel prev, StateModel next, IReadOnlyDictionary<string, string> renames)
    {
        var (migrate, decisions) = MigrateWriter.Write(prev, next, Renamer(renames));
        var files = PrevTypesWriter.Write(prev).Append(KeyValuePair.Create("Backend/MigrateState.cs", migrate));
        return new ScaffoldResult.Generated(files.ToImmutableSortedDictionary(StringComparer.Ordinal), decisions);
    }

    // A rename applies to a field, case or member name; "Type.Old" wins over a bare "Old".
    private static Func<string, string, string> Renamer(IReadOnlyDictionary<string, string> renames) =>
        (typeName, name) => renames.TryGetValue(typeName + "." + name, out var qualified) ? qualified
            : renames.TryGetValue(name, out var bare) ? bare
            : name;

    /// <summary>The source without the files a scaffold replaces, so a stale Prev or Migrate does not get in the way.</summary>
    internal static AppSource WithoutScaffold(AppSource source) =>
        source.Without(path => MigrationHistory.IsSingleMigrationFile(path) || path.StartsWith(MigrationHistoryNames.Folder + "/", StringComparison.Ordinal));

    private static (Compilation Compilation, ITypeSymbol State)? StateOf(AppSource source)
    {
        var compilation = AppCompiler.CreateCompilation(source);
        var shape = ShapeDiscovery.Discover(compilation, new DiagnosticBag());
        return shape.StateType is { } state ? (compilation, state) : null;
    }

    private static ScaffoldResult.Failed Failed(AppSource source, string which)
    {
        var diagnostics = new DiagnosticBag();
        ShapeDiscovery.Discover(AppCompiler.CreateCompilation(source), diagnostics);
        return new ScaffoldResult.Failed($"the {which} source has no app state type (one class implementing IWebServiceApp<TState>)", diagnostics.ToSortedArray());
    }
}
