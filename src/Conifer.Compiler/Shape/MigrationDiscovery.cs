using System.Collections.Immutable;
using Conifer.Compiler.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Conifer.Compiler.Shape;

/// <summary>
/// Finds an app's migration steps: <c>Backend.MigrateState</c> alone (the single-migration layout) or
/// the steps of a history, <c>Backend.Migrations.V&lt;n&gt;_*.MigrateState</c>, in step-number order. Each
/// step's <c>Migrate</c> must return the next step's parameter type, the newest the app's <c>State</c>,
/// so that the steps chain; each may carry a <c>[MigratesFrom]</c> stamp.
/// </summary>
internal static class MigrationDiscovery
{
    private const string StampAttribute = "Conifer.App.MigratesFromAttribute";

    public static ImmutableArray<MigrationShape> Discover(
        Compilation compilation, ITypeSymbol state, INamedTypeSymbol commands, DiagnosticBag diagnostics, ImmutableArray<StateTypeRoot>.Builder roots)
    {
        var legacy = compilation.GetTypeByMetadataName(Names.MigrateStateType) is { } single && IsSource(single) ? single : null;
        var history = ShapeDiscovery.SourceTypes(compilation)
            .Where(t => t.Name == "MigrateState" && t.ContainingType is null && t.ContainingNamespace.ContainingNamespace?.ToDisplayString() == MigrationHistoryNames.Namespace)
            .Select(t => (Type: t, Number: MigrationHistoryNames.NumberOf(t.ContainingNamespace.Name)))
            .ToList();
        var ok = true;
        foreach (var (type, _) in history.Where(h => h.Number is null))
        {
            diagnostics.Add(type.Locations[0], RuleIds.MigrationLayout,
                $"the migration step namespace {type.ContainingNamespace.ToDisplayString()} is not named V<number>_<version>",
                "name each step's folder and namespace like Backend.Migrations.V2_ab12cd34ef56 (conifer migrate scaffold writes them)");
            ok = false;
        }
        foreach (var twin in history.Where(h => h.Number is not null).GroupBy(h => h.Number).Where(g => g.Count() > 1).SelectMany(g => g.Skip(1)))
        {
            diagnostics.Add(twin.Type.Locations[0], RuleIds.MigrationLayout,
                $"two migration steps have the number {twin.Number}", "renumber the steps so that each number occurs once");
            ok = false;
        }
        if (legacy is not null && history.Count > 0)
        {
            diagnostics.Add(legacy.Locations[0], RuleIds.MigrationLayout,
                $"Backend.MigrateState (the single-migration layout) and a migration history under {MigrationHistoryNames.Folder}/ cannot both be used",
                "make this migration a step of the history (conifer migrate scaffold writes steps), or delete it once its version is deployed everywhere");
            ok = false;
        }
        if (!ok)
        {
            return [];
        }
        var holders = legacy is not null ? [legacy] : history.OrderBy(h => h.Number).Select(h => h.Type).ToList();
        var methods = new List<IMethodSymbol>();
        foreach (var holder in holders)
        {
            if (Method(holder, diagnostics) is not { } method)
            {
                return [];
            }
            methods.Add(method);
        }
        var steps = ImmutableArray.CreateBuilder<MigrationShape>();
        for (var i = 0; i < methods.Count; i++)
        {
            // Each step returns what the next one takes; the newest returns the app's State.
            var next = i + 1 < methods.Count ? methods[i + 1].Parameters[0].Type : state;
            if (Check(methods[i], next, i + 1 < methods.Count, commands, diagnostics, roots) is not { } prev)
            {
                ok = false;
                continue;
            }
            var stamp = Stamp(holders[i], diagnostics);
            var span = methods[i].Locations[0].GetLineSpan();
            steps.Add(new MigrationShape(ClrNames.Of(holders[i]), ClrNames.Of(prev), stamp, $"{span.Path}:{span.StartLinePosition.Line + 1}"));
        }
        return ok ? steps.ToImmutable() : [];
    }

    private static IMethodSymbol? Method(INamedTypeSymbol holder, DiagnosticBag diagnostics)
    {
        var candidates = holder.GetMembers(Names.MigrateMethod).OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary).ToList();
        var name = holder.ToDisplayString();
        if (candidates.Count == 0)
        {
            var others = holder.GetMembers().OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary).Select(m => m.Name).Distinct().ToList();
            diagnostics.Add(holder.Locations[0], RuleIds.MigrateMissing,
                others.Count == 0
                    ? $"{name} has no method Migrate"
                    : $"{name} has no method Migrate (found: {string.Join(", ", others)})",
                "name it exactly: public static (State, Commands) Migrate(Prev.State previous)");
            return null;
        }
        if (candidates.Count > 1)
        {
            foreach (var extra in candidates.Skip(1))
            {
                diagnostics.Add(extra.Locations[0], RuleIds.MigrateOverloaded,
                    $"{name} declares {candidates.Count} methods named Migrate; there must be one",
                    "rename the helpers, e.g. MigrateUser");
            }
            return null;
        }
        var migrate = candidates[0];
        if (migrate.Parameters.Length != 1)
        {
            diagnostics.Add(migrate.Locations[0], RuleIds.MigrateArity,
                $"Migrate takes exactly one parameter, the previous state; it declares {migrate.Parameters.Length}",
                "declare Migrate(Prev.State previous)");
            return null;
        }
        return migrate;
    }

    /// <summary>Checks one step's signature; its parameter type when it is right.</summary>
    private static ITypeSymbol? Check(
        IMethodSymbol migrate, ITypeSymbol next, bool nextIsStep, INamedTypeSymbol commands, DiagnosticBag diagnostics, ImmutableArray<StateTypeRoot>.Builder roots)
    {
        var ok = true;
        if (!migrate.IsStatic || migrate.DeclaredAccessibility != Accessibility.Public)
        {
            diagnostics.Add(migrate.Locations[0], RuleIds.MigrateNotPublicStatic,
                "Migrate must be public static", "declare it as public static (State, Commands) Migrate(Prev.State previous)");
            ok = false;
        }
        var parameter = migrate.Parameters[0];
        var location = ShapeDiscovery.ParameterTypeLocation(parameter);
        if (parameter.RefKind != RefKind.None || !StateTypeRules.CanBeStateType(parameter.Type))
        {
            diagnostics.Add(location, RuleIds.MigrateParameter,
                $"Migrate's parameter must be the previous state type; {parameter.Type.ToDisplayString()}{(parameter.RefKind != RefKind.None ? " passed by reference" : "")} is not a state type",
                "take the previous state by value, e.g. Migrate(Prev.State previous) or Migrate(int previous)");
            ok = false;
        }
        else
        {
            roots.Add(new StateTypeRoot(parameter.Type, location, "Migrate(" + parameter.Name + ")"));
        }
        if (!Returns(migrate.ReturnType, next, commands))
        {
            diagnostics.Add(ShapeDiscovery.ReturnTypeLocation(migrate), RuleIds.MigrateReturn,
                nextIsStep
                    ? $"Migrate must return ({next.ToDisplayString()}, Commands), the state type the next migration step takes; it returns {migrate.ReturnType.ToDisplayString()}"
                    : $"Migrate must return ({next.ToDisplayString()}, Commands), the app's new state and its commands; it returns {migrate.ReturnType.ToDisplayString()}",
                nextIsStep
                    ? $"return the next step's types: in a step's file, 'using Next = {next.ContainingNamespace.ToDisplayString()};' names them"
                    : "return (newState, Commands.None)");
            ok = false;
        }
        return ok ? parameter.Type : null;
    }

    private static string? Stamp(INamedTypeSymbol holder, DiagnosticBag diagnostics)
    {
        var attribute = holder.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == StampAttribute);
        if (attribute is null)
        {
            return null;
        }
        var value = attribute.ConstructorArguments.FirstOrDefault().Value as string;
        if (MigrationHistoryNames.IsVersionId(value))
        {
            return value;
        }
        var location = attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? holder.Locations[0];
        diagnostics.Add(location, RuleIds.MigrateStamp,
            $"[MigratesFrom] takes a version id of 64 lower-case hex digits, not '{value}'",
            "copy the id from conifer history or conifer state export, or let conifer migrate scaffold write it");
        return null;
    }

    private static bool Returns(ITypeSymbol returnType, ITypeSymbol next, INamedTypeSymbol commands) =>
        returnType is INamedTypeSymbol { IsTupleType: true, TupleElements.Length: 2 } tuple
        && SymbolEqualityComparer.Default.Equals(tuple.TupleElements[0].Type, next)
        && SymbolEqualityComparer.Default.Equals(tuple.TupleElements[1].Type, commands);

    private static bool IsSource(INamedTypeSymbol type) => type.Locations.Any(l => l.IsInSource);
}
