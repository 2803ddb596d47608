using System.Collections.Immutable;
using Conifer.Compiler.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Conifer.Compiler.Shape;

/// <summary>
/// Finds the app's shape in a compilation: the one <c>IWebServiceApp&lt;TState&gt;</c>
/// implementation, <c>Backend.MigrateState.Migrate</c> and <c>Backend.AdminFunctions</c>,
/// reporting a diagnostic for each way they can be wrong.
/// </summary>
internal static class ShapeDiscovery
{
    public static DiscoveredShape Discover(Compilation compilation, DiagnosticBag diagnostics)
    {
        var contract = compilation.GetTypeByMetadataName("Conifer.App.IWebServiceApp`1");
        var commands = compilation.GetTypeByMetadataName("Conifer.App.Commands");
        if (contract is null || commands is null)
        {
            throw new InvalidOperationException("Conifer.App is missing from the compiler's references.");
        }
        var roots = ImmutableArray.CreateBuilder<StateTypeRoot>();
        var apps = SourceTypes(compilation)
            .Select(t => (Type: t, Contract: t.AllInterfaces.FirstOrDefault(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, contract))))
            .Where(a => a.Contract is not null)
            .ToList();
        if (apps.Count == 0)
        {
            diagnostics.Add(FirstFileStart(compilation), RuleIds.NoApp,
                "no class implements IWebServiceApp<TState>",
                "add a class App : IWebServiceApp<State> with static Init and OnHttpRequest");
            return new(null, null, []);
        }
        if (apps.Count > 1)
        {
            var names = string.Join(", ", apps.Select(a => a.Type.ToDisplayString()));
            foreach (var extra in apps.Skip(1))
            {
                diagnostics.Add(extra.Type.Locations[0], RuleIds.SeveralApps,
                    $"an app has exactly one IWebServiceApp<TState> implementation, found {apps.Count}: {names}",
                    "keep one app class and make the others plain helpers");
            }
            return new(null, null, []);
        }
        var (appType, appContract) = apps[0];
        if (appType.IsGenericType)
        {
            diagnostics.Add(appType.Locations[0], RuleIds.GenericApp,
                $"the app class {appType.Name} must not be generic", "declare it as a plain class App : IWebServiceApp<State>");
            return new(null, null, []);
        }
        var state = appContract!.TypeArguments[0];
        roots.Add(new StateTypeRoot(state, StateLocation(appType, appContract), "State"));

        var migrations = MigrationDiscovery.Discover(compilation, state, commands, diagnostics, roots);
        var admin = DiscoverAdminFunctions(compilation, state, diagnostics, roots);
        var shape = new AppShape(
            ClrNames.Of(appType),
            ClrNames.Of(state),
            Overrides(appType, appContract, "OnTimer"),
            Overrides(appType, appContract, "OnHttpResponse"),
            migrations,
            admin);
        return new(shape, state, roots.ToImmutable());
    }

    private static bool Overrides(INamedTypeSymbol appType, INamedTypeSymbol contract, string name)
    {
        var member = contract.GetMembers(name).FirstOrDefault();
        return member is not null && appType.FindImplementationForInterfaceMember(member) is { } impl
            && SymbolEqualityComparer.Default.Equals(impl.ContainingType, appType);
    }

    private static ImmutableArray<AdminFunctionShape> DiscoverAdminFunctions(Compilation compilation, ITypeSymbol state, DiagnosticBag diagnostics, ImmutableArray<StateTypeRoot>.Builder roots)
    {
        if (compilation.GetTypeByMetadataName(Names.AdminFunctionsType) is not { } holder || !IsSource(holder))
        {
            return [];
        }
        var methods = holder.GetMembers().OfType<IMethodSymbol>()
            .Where(m => m.MethodKind == MethodKind.Ordinary && m.IsStatic && m.DeclaredAccessibility == Accessibility.Public)
            .ToList();
        var functions = ImmutableArray.CreateBuilder<AdminFunctionShape>();
        foreach (var method in methods)
        {
            var ok = true;
            if (methods.Count(m => m.Name == method.Name) > 1)
            {
                diagnostics.Add(method.Locations[0], RuleIds.AdminOverloaded,
                    $"admin function {method.Name} is overloaded; each admin function needs a unique name", "rename one of them");
                ok = false;
            }
            if (method.IsGenericMethod)
            {
                diagnostics.Add(method.Locations[0], RuleIds.AdminGeneric,
                    $"admin function {method.Name} must not be generic", "use concrete parameter types");
                ok = false;
            }
            if (method.ReturnsVoid)
            {
                diagnostics.Add(ReturnTypeLocation(method), RuleIds.AdminVoid,
                    $"admin function {method.Name} returns void; it must return the new State (an update) or a value (a read)",
                    $"return {state.ToDisplayString()} to update the state, or the value to show");
                ok = false;
            }
            else if (!SymbolEqualityComparer.Default.Equals(method.ReturnType, state))
            {
                if (StateTypeRules.CanBeStateType(method.ReturnType))
                {
                    roots.Add(new StateTypeRoot(method.ReturnType, ReturnTypeLocation(method), method.Name + "(return)"));
                }
                else
                {
                    diagnostics.Add(ReturnTypeLocation(method), RuleIds.AdminReturn,
                        $"admin function {method.Name} returns {method.ReturnType.ToDisplayString()}, which is not a state-shaped type",
                        "return a record, a primitive or an immutable collection");
                    ok = false;
                }
            }
            if (StaleReason(method, state) is { } stale)
            {
                diagnostics.Add(stale.Location, RuleIds.AdminStale, $"admin function {method.Name} {stale.Reason}, so it can no longer see the app's state",
                    $"take the current state, {method.Name}({state.ToDisplayString()} state, ...), and use the new types");
                ok = false;
            }
            var stateOrdinal = StateParameterOrdinal(method, state);
            foreach (var parameter in method.Parameters)
            {
                if (parameter.RefKind != RefKind.None || !StateTypeRules.CanBeStateType(parameter.Type))
                {
                    diagnostics.Add(ParameterTypeLocation(parameter), RuleIds.AdminParameter,
                        $"parameter {parameter.Name} of admin function {method.Name} has type {parameter.Type.ToDisplayString()}, which is not a state-shaped type",
                        "take a record, a primitive or an immutable collection, by value");
                    ok = false;
                }
                else if (parameter.Ordinal != stateOrdinal)
                {
                    roots.Add(new StateTypeRoot(parameter.Type, ParameterTypeLocation(parameter), method.Name + "(" + parameter.Name + ")"));
                }
            }
            if (ok)
            {
                functions.Add(new AdminFunctionShape(
                    method.Name,
                    [.. method.Parameters.Select(p => new AdminParameterShape(p.Name, ClrNames.Of(p.Type), p.Ordinal == stateOrdinal))],
                    ClrNames.Of(method.ReturnType),
                    SymbolEqualityComparer.Default.Equals(method.ReturnType, state)));
            }
        }
        return functions.ToImmutable();
    }

    /// <summary>
    /// Why an admin function no longer fits the app's state, or null: a parameter named <c>state</c> of
    /// another type (the State type changed under it), or a signature naming a migration's previous
    /// types. Such a function still compiles, but could only ever be called with a hand-made old state.
    /// </summary>
    private static (Location Location, string Reason)? StaleReason(IMethodSymbol method, ITypeSymbol state)
    {
        foreach (var parameter in method.Parameters)
        {
            if (parameter.Name == "state" && !SymbolEqualityComparer.Default.Equals(parameter.Type, state))
            {
                return (ParameterTypeLocation(parameter), $"takes its 'state' as {parameter.Type.ToDisplayString()}, not the app's State {state.ToDisplayString()}");
            }
            if (NamesPreviousTypes(parameter.Type))
            {
                return (ParameterTypeLocation(parameter), $"takes {parameter.Name} as {parameter.Type.ToDisplayString()}, a previous version's type kept for a migration");
            }
        }
        return NamesPreviousTypes(method.ReturnType)
            ? (ReturnTypeLocation(method), $"returns {method.ReturnType.ToDisplayString()}, a previous version's type kept for a migration")
            : null;
    }

    private static bool NamesPreviousTypes(ITypeSymbol type)
    {
        var ns = type.ContainingNamespace?.ToDisplayString() ?? "";
        if (ns == Names.AppNamespace + ".Prev" || ns.StartsWith(Names.AppNamespace + ".Prev.", StringComparison.Ordinal)
            || ns.StartsWith(MigrationHistoryNames.Namespace + ".", StringComparison.Ordinal))
        {
            return true;
        }
        return type switch
        {
            INamedTypeSymbol named => named.TypeArguments.Any(NamesPreviousTypes),
            IArrayTypeSymbol array => NamesPreviousTypes(array.ElementType),
            _ => false,
        };
    }

    /// <summary>
    /// The one parameter that receives the current state: the parameter of the State type named
    /// <c>state</c>, else the first of the State type, else none (-1). Every other parameter is a
    /// caller's argument, so <c>Add(int state, int amount)</c> works for an app whose state is an int.
    /// </summary>
    private static int StateParameterOrdinal(IMethodSymbol method, ITypeSymbol state)
    {
        var ofStateType = method.Parameters.Where(p => SymbolEqualityComparer.Default.Equals(p.Type, state)).ToList();
        return (ofStateType.Find(p => p.Name == "state") ?? ofStateType.FirstOrDefault())?.Ordinal ?? -1;
    }

    internal static IEnumerable<INamedTypeSymbol> SourceTypes(Compilation compilation)
    {
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(compilation.Assembly.GlobalNamespace);
        while (pending.Count > 0)
        {
            foreach (var member in pending.Pop().GetMembers())
            {
                if (member is INamedTypeSymbol type)
                {
                    yield return type;
                    pending.Push(type);
                }
                else if (member is INamespaceSymbol ns)
                {
                    pending.Push(ns);
                }
            }
        }
    }

    private static bool IsSource(INamedTypeSymbol type) => type.Locations.Any(l => l.IsInSource);

    private static Location StateLocation(INamedTypeSymbol appType, INamedTypeSymbol contract)
    {
        foreach (var reference in appType.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is TypeDeclarationSyntax { BaseList: { } bases })
            {
                var match = bases.Types.FirstOrDefault(b => b.Type is GenericNameSyntax g && g.Identifier.ValueText == contract.Name);
                if (match?.Type is GenericNameSyntax generic)
                {
                    return generic.TypeArgumentList.Arguments[0].GetLocation();
                }
            }
        }
        return appType.Locations[0];
    }

    /// <summary>Where a parameter's type is written (for a diagnostic about that type), else the parameter.</summary>
    internal static Location ParameterTypeLocation(IParameterSymbol parameter) =>
        parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is ParameterSyntax { Type: { } type }
            ? type.GetLocation()
            : parameter.Locations[0];

    /// <summary>Where a method's return type is written, else the method.</summary>
    internal static Location ReturnTypeLocation(IMethodSymbol method) =>
        method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is MethodDeclarationSyntax declaration
            ? declaration.ReturnType.GetLocation()
            : method.Locations[0];

    private static Location FirstFileStart(Compilation compilation)
    {
        var tree = compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath != AppCompiler.GlobalUsingsPath) ?? compilation.SyntaxTrees.First();
        return Location.Create(tree, new Microsoft.CodeAnalysis.Text.TextSpan(0, 0));
    }
}
