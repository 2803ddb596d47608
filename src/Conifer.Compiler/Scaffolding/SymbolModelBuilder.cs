using System.Collections.Immutable;
using Conifer.Compiler.Rules;
using Conifer.Compiler.Shape;
using Microsoft.CodeAnalysis;

namespace Conifer.Compiler.Scaffolding;

/// <summary>Builds a <see cref="StateModel"/> from a compiled state type.</summary>
internal sealed class SymbolModelBuilder(Compilation compilation, bool isPrevious)
{
    private static readonly HashSet<string> Collections = ["ImmutableArray", "ImmutableList", "ImmutableSortedSet", "ImmutableSortedDictionary"];

    private readonly List<TypeDecl> _declarations = [];
    private readonly Dictionary<string, string> _names = [];
    private readonly HashSet<string> _started = [];
    private readonly Dictionary<INamedTypeSymbol, string> _keys = new(SymbolEqualityComparer.Default);
    private List<INamedTypeSymbol>? _sourceTypes;

    public static StateModel Build(Compilation compilation, ITypeSymbol state, bool isPrevious)
    {
        var builder = new SymbolModelBuilder(compilation, isPrevious);
        var root = builder.Ref(state);
        return new StateModel(root, [.. builder._declarations], builder._names.ToImmutableDictionary());
    }

    private TypeRef Ref(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            return new TypeRef.Nullable(Ref(nullable.TypeArguments[0]));
        }
        if (type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated)
        {
            return new TypeRef.Nullable(Ref(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated)));
        }
        var keyword = type.SpecialType switch
        {
            SpecialType.System_Boolean => "bool",
            SpecialType.System_SByte => "sbyte",
            SpecialType.System_Byte => "byte",
            SpecialType.System_Int16 => "short",
            SpecialType.System_UInt16 => "ushort",
            SpecialType.System_Int32 => "int",
            SpecialType.System_UInt32 => "uint",
            SpecialType.System_Int64 => "long",
            SpecialType.System_UInt64 => "ulong",
            SpecialType.System_Double => "double",
            SpecialType.System_Single => "float",
            SpecialType.System_Decimal => "decimal",
            SpecialType.System_String => "string",
            SpecialType.System_Char => "char",
            _ => ClrNames.Of(type) switch
            {
                "System.Guid" => "Guid",
                "System.DateTimeOffset" => "DateTimeOffset",
                _ => null,
            },
        };
        if (keyword is not null)
        {
            return new TypeRef.Primitive(keyword);
        }
        if (type is INamedTypeSymbol named)
        {
            if (named.ContainingNamespace?.ToDisplayString() == "System.Collections.Immutable" && Collections.Contains(named.Name))
            {
                return new TypeRef.Collection(named.Name, [.. named.TypeArguments.Select(Ref)]);
            }
            if (!named.IsGenericType && named.Locations.Any(l => l.IsInSource) && named.TypeKind is TypeKind.Class or TypeKind.Enum)
            {
                return new TypeRef.Named(Register(named));
            }
        }
        return new TypeRef.Opaque(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
    }

    private string Register(INamedTypeSymbol type)
    {
        if (_keys.TryGetValue(type, out var known))
        {
            return known;
        }
        var key = KeyFor(type, null);
        _names[key] = isPrevious ? "Prev." + key : NameInBackend(type);
        if (type.TypeKind == TypeKind.Enum)
        {
            _declarations.Add(new TypeDecl.Enum(key, [.. type.GetMembers().OfType<IFieldSymbol>().Where(f => f.IsConst).Select(f => f.Name)]));
            return key;
        }
        var cases = DerivedTypes(type);
        if (type.IsAbstract && cases.Count > 0)
        {
            var index = _declarations.Count;
            _declarations.Add(new TypeDecl.Union(key, []));
            var caseKeys = cases
                .Select(c => _keys.TryGetValue(c, out var known) ? known
                    : RegisterRecord(c, key, KeyFor(c, SymbolEqualityComparer.Default.Equals(c.ContainingType, type) ? key : null)))
                .ToImmutableArray();
            _declarations[index] = new TypeDecl.Union(key, caseKeys);
            return key;
        }
        return RegisterRecord(type, null, key);
    }

    private string RegisterRecord(INamedTypeSymbol type, string? unionKey, string key)
    {
        _names[key] = isPrevious ? "Prev." + key : NameInBackend(type);
        var index = _declarations.Count;
        _declarations.Add(new TypeDecl.Record(key, [], true, unionKey));
        var properties = StoredProperties(type).ToList();
        var fields = properties.Select(p => new FieldDecl(p.Name, Ref(p.Type))).ToImmutableArray();
        var positional = type.InstanceConstructors.Any(c =>
            c.Parameters.Length == properties.Count && c.Parameters.Select(p => p.Name).SequenceEqual(properties.Select(p => p.Name)));
        _declarations[index] = new TypeDecl.Record(key, fields, positional, unionKey);
        return key;
    }

    private static IEnumerable<IPropertySymbol> StoredProperties(INamedTypeSymbol type)
    {
        var chain = new Stack<INamedTypeSymbol>();
        for (var t = type; t is not null && t.Locations.Any(l => l.IsInSource); t = t.BaseType)
        {
            chain.Push(t);
        }
        var seen = new HashSet<string>();
        foreach (var t in chain)
        {
            foreach (var property in t.GetMembers().OfType<IPropertySymbol>())
            {
                if (!property.IsStatic && !property.IsIndexer && property.Name != "EqualityContract"
                    && StateTypeRules.IsStored(property) && seen.Add(property.Name))
                {
                    yield return property;
                }
            }
        }
    }

    private List<INamedTypeSymbol> DerivedTypes(INamedTypeSymbol baseType)
    {
        _sourceTypes ??= [.. ShapeDiscovery.SourceTypes(compilation)];
        return [.. _sourceTypes.Where(t => SymbolEqualityComparer.Default.Equals(t.BaseType?.OriginalDefinition, baseType.OriginalDefinition))];
    }

    // MigrateState.cs is in namespace Backend, where Backend's own types need no qualifier.
    private static string NameInBackend(INamedTypeSymbol type)
    {
        var name = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        const string Backend = "global::" + Names.AppNamespace + ".";
        return name.StartsWith(Backend, StringComparison.Ordinal) ? name[Backend.Length..] : name;
    }

    // The Prev copies live in one namespace with only union cases nested, so a type's key is its
    // simple name (Union.Case for a nested case), and a second User from another namespace
    // becomes User2.
    private string KeyFor(INamedTypeSymbol type, string? nestedIn)
    {
        var name = nestedIn is null ? type.Name : nestedIn + "." + type.Name;
        var key = name;
        for (var i = 2; !_started.Add(key); i++)
        {
            key = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        _keys[type] = key;
        return key;
    }
}
