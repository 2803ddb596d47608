using System.Collections.Immutable;

namespace Conifer.Compiler.Scaffolding;

/// <summary>A declared state type: record, union or enum.</summary>
internal abstract record TypeDecl(string Key)
{
    /// <summary>The simple name (the last segment of the key): the union tag or type name.</summary>
    public string Name => Key[(Key.LastIndexOf('.') + 1)..];

    /// <summary>A record or class; <paramref name="UnionKey"/> names its union when it is a case.</summary>
    public sealed record Record(string Key, ImmutableArray<FieldDecl> Fields, bool Positional, string? UnionKey) : TypeDecl(Key);

    /// <summary>An abstract record and its cases.</summary>
    public sealed record Union(string Key, ImmutableArray<string> CaseKeys) : TypeDecl(Key);

    /// <summary>An enum.</summary>
    public sealed record Enum(string Key, ImmutableArray<string> Members) : TypeDecl(Key);
}
