using Conifer.Compiler.Shape;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Conifer.Compiler.Rules;

/// <summary>
/// Checks that stored types are immutable trees (DESIGN §1): records and classes with get/init-only
/// properties, unions as an abstract record with sealed derived records, enums, the primitives,
/// nullable, and the ordered <c>System.Collections.Immutable</c> collections. Walks from every
/// root (the State, the Prev type, admin function parameters) through every reachable type and
/// reports at the member that brings in the offending type.
/// </summary>
internal sealed class StateTypeRules(Compilation compilation, DiagnosticBag diagnostics)
{
    private static readonly HashSet<string> Primitives =
    [
        "System.Boolean", "System.SByte", "System.Byte", "System.Int16", "System.UInt16", "System.Int32", "System.UInt32",
        "System.Int64", "System.UInt64", "System.Double", "System.Decimal", "System.String", "System.Guid", "System.DateTimeOffset",
    ];

    private static readonly HashSet<string> OrderedImmutable =
    [
        "System.Collections.Immutable.ImmutableArray`1", "System.Collections.Immutable.ImmutableList`1",
        "System.Collections.Immutable.ImmutableSortedSet`1", "System.Collections.Immutable.ImmutableSortedDictionary`2",
    ];

    private readonly HashSet<ITypeSymbol> _visited = new(SymbolEqualityComparer.Default);
    private List<INamedTypeSymbol>? _sourceTypes;

    /// <summary>A quick test for a top-level type (a parameter, a return): could it be stored at all?</summary>
    public static bool CanBeStateType(ITypeSymbol type) => type switch
    {
        IDynamicTypeSymbol or IPointerTypeSymbol or IFunctionPointerTypeSymbol or ITypeParameterSymbol or IErrorTypeSymbol => false,
        INamedTypeSymbol { TypeKind: TypeKind.Interface or TypeKind.Delegate } => false,
        INamedTypeSymbol { SpecialType: SpecialType.System_Object or SpecialType.System_Void } => false,
        INamedTypeSymbol { IsTupleType: true } => false,
        _ => true,
    };

    public void Check(StateTypeRoot root) => CheckType(root.Type, root.Location, root.Path);

    /// <summary>True when <paramref name="type"/> would pass the check, without reporting (used for static readonly fields).</summary>
    public static bool IsImmutable(Compilation compilation, ITypeSymbol type)
    {
        var quiet = new DiagnosticBag();
        new StateTypeRules(compilation, quiet).CheckType(type, Location.None, type.Name);
        return quiet.IsEmpty;
    }

    private void CheckType(ITypeSymbol type, Location at, string path)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                Report(at, RuleIds.MutableCollection, $"{path}: {array.ToDisplayString()} is a mutable array", $"use ImmutableArray<{array.ElementType.ToDisplayString()}>");
                return;
            case IDynamicTypeSymbol or IPointerTypeSymbol or IFunctionPointerTypeSymbol or ITypeParameterSymbol:
                Report(at, RuleIds.NotStateType, $"{path}: {type.ToDisplayString()} cannot be stored", "use a record, a primitive or an immutable collection");
                return;
            case IErrorTypeSymbol:
                return;
            case INamedTypeSymbol named:
                CheckNamed(named, at, path);
                return;
            default:
                Report(at, RuleIds.NotStateType, $"{path}: {type.ToDisplayString()} cannot be stored", "use a record, a primitive or an immutable collection");
                return;
        }
    }

    private void CheckNamed(INamedTypeSymbol type, Location at, string path)
    {
        var definition = type.OriginalDefinition;
        var name = ClrNames.Of(definition);
        if (type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            CheckType(type.TypeArguments[0], at, path);
            return;
        }
        if (Primitives.Contains(name) || type.TypeKind == TypeKind.Enum)
        {
            return;
        }
        if (OrderedImmutable.Contains(name))
        {
            foreach (var argument in type.TypeArguments)
            {
                CheckType(argument, at, path + "[]");
            }
            return;
        }
        if (name is "System.Collections.Immutable.ImmutableDictionary`2" or "System.Collections.Immutable.ImmutableHashSet`1")
        {
            Report(at, RuleIds.HashOrdered,
                $"{path}: {type.ToDisplayString()} enumerates in hash-code order, and string hash codes differ in every process, so a replay could see a different order",
                name.EndsWith("`2", StringComparison.Ordinal) ? "use ImmutableSortedDictionary" : "use ImmutableSortedSet");
            return;
        }
        if (name.StartsWith("System.Collections.", StringComparison.Ordinal))
        {
            Report(at, RuleIds.MutableCollection, $"{path}: {type.ToDisplayString()} is a mutable or abstract collection",
                MutableCollectionHint(type));
            return;
        }
        if (!type.Locations.Any(l => l.IsInSource) || type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsTupleType)
        {
            Report(at, RuleIds.NotStateType, $"{path}: {type.ToDisplayString()} cannot be stored",
                "use a record of your own, a primitive (bool, integers, double, decimal, string, Guid, DateTimeOffset) or an immutable collection");
            return;
        }
        if (type.TypeKind == TypeKind.Struct)
        {
            Report(at, RuleIds.NotStateType, $"{path}: the struct {type.ToDisplayString()} cannot be stored", "declare it as a sealed record");
            return;
        }
        if (!_visited.Add(type))
        {
            return;
        }
        CheckMembers(type);
        if (type.BaseType is { SpecialType: not SpecialType.System_Object } baseType && baseType.Locations.Any(l => l.IsInSource))
        {
            CheckNamed(baseType, at, path);
        }
        var derived = DerivedTypes(definition).ToList();
        if (derived.Count > 0 && !type.IsAbstract)
        {
            Report(type.Locations[0], RuleIds.OpenRecord,
                $"{type.Name} has derived types but is not abstract; a union is an abstract record with sealed derived records",
                $"declare it as public abstract record {type.Name}");
        }
        foreach (var caseType in derived)
        {
            if (!caseType.IsSealed && !caseType.IsAbstract)
            {
                Report(caseType.Locations[0], RuleIds.UnsealedCase,
                    $"union case {caseType.Name} of {type.Name} must be sealed", $"declare it as public sealed record {caseType.Name}");
            }
            CheckNamed(caseType, caseType.Locations[0], caseType.Name);
        }
    }

    private void CheckMembers(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            if (member.IsStatic || member.IsImplicitlyDeclared)
            {
                continue;
            }
            if (member is IFieldSymbol field && field.AssociatedSymbol is null)
            {
                if (!field.IsReadOnly && !field.IsConst)
                {
                    Report(field.Locations[0], RuleIds.MutableField,
                        $"{type.Name}.{field.Name} is a mutable field in a state type", "make it a get-only or init-only property");
                    continue;
                }
                CheckType(field.Type, field.Locations[0], $"{type.Name}.{field.Name}");
            }
            else if (member is IPropertySymbol { IsIndexer: false } property && property.Name != "EqualityContract")
            {
                if (property.SetMethod is { IsInitOnly: false })
                {
                    Report(property.Locations[0], RuleIds.MutableProperty,
                        $"{type.Name}.{property.Name} has a setter; state types are immutable", "use init instead of set, and change state with 'with'");
                    continue;
                }
                if (IsStored(property))
                {
                    CheckType(property.Type, TypeLocation(property), $"{type.Name}.{property.Name}");
                }
            }
        }
    }

    // A stored property is a positional record parameter or an auto-property; a computed
    // property (a getter with a body) is not part of the stored tree.
    internal static bool IsStored(IPropertySymbol property)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax();
            if (syntax is ParameterSyntax)
            {
                return true;
            }
            if (syntax is PropertyDeclarationSyntax declaration)
            {
                return declaration.ExpressionBody is null
                    && declaration.AccessorList is { } accessors
                    && accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null);
            }
        }
        return false;
    }

    private static Location TypeLocation(IPropertySymbol property) =>
        property.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() switch
        {
            ParameterSyntax { Type: { } type } => type.GetLocation(),
            PropertyDeclarationSyntax declaration => declaration.Type.GetLocation(),
            _ => property.Locations[0],
        };

    private IEnumerable<INamedTypeSymbol> DerivedTypes(INamedTypeSymbol baseType)
    {
        _sourceTypes ??= [.. ShapeDiscovery.SourceTypes(compilation)];
        return _sourceTypes.Where(t => SymbolEqualityComparer.Default.Equals(t.BaseType?.OriginalDefinition, baseType));
    }

    private static string MutableCollectionHint(INamedTypeSymbol type)
    {
        var args = string.Join(", ", type.TypeArguments.Select(a => a.ToDisplayString()));
        return type.Name switch
        {
            "Dictionary" or "SortedDictionary" or "IDictionary" or "IReadOnlyDictionary" or "SortedList" => $"use ImmutableSortedDictionary<{args}>",
            "HashSet" or "SortedSet" or "ISet" or "IReadOnlySet" => $"use ImmutableSortedSet<{args}>",
            _ => $"use ImmutableArray<{args}> or ImmutableList<{args}>",
        };
    }

    private void Report(Location at, string id, string message, string hint)
    {
        if (at.IsInSource)
        {
            diagnostics.Add(at, id, message, hint);
        }
        else
        {
            diagnostics.Add(new CompileDiagnostic("", 0, 0, id, message, hint));
        }
    }
}
