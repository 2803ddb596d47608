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
        source.Without(path => path.StartsWith("Backend/Prev/", StringComparison.Ordinal) || path == "Backend/MigrateState.cs");

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
