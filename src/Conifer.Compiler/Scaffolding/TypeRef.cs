using System.Collections.Immutable;

namespace Conifer.Compiler.Scaffolding;

/// <summary>A stored type as the scaffold sees it, from symbols or inferred from a stored tree.</summary>
internal abstract record TypeRef
{
    private TypeRef()
    {
    }

    /// <summary>A C# keyword or a System type usable by its simple name (<c>int</c>, <c>Guid</c>).</summary>
    public sealed record Primitive(string Keyword) : TypeRef;

    /// <summary><c>T?</c>.</summary>
    public sealed record Nullable(TypeRef Inner) : TypeRef;

    /// <summary>An immutable collection: <c>ImmutableArray</c>, <c>ImmutableList</c>, <c>ImmutableSortedSet</c> or <c>ImmutableSortedDictionary</c>.</summary>
    public sealed record Collection(string Kind, ImmutableArray<TypeRef> Arguments) : TypeRef;

    /// <summary>A record, union or enum declared in the same model under <paramref name="Key"/> (<c>Shape.Circle</c> for a nested case).</summary>
    public sealed record Named(string Key) : TypeRef;

    /// <summary>A type the scaffold does not model; printed as written.</summary>
    public sealed record Opaque(string CSharp) : TypeRef;
}
