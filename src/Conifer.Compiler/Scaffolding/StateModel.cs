using System.Collections.Immutable;

namespace Conifer.Compiler.Scaffolding;

/// <summary>A state type and every declaration it reaches, with how code outside refers to each declaration.</summary>
/// <param name="Root">The state type itself.</param>
/// <param name="Declarations">By key, in discovery order.</param>
/// <param name="CSharpNames">How <c>MigrateState.cs</c> (namespace Backend) names each declaration.</param>
internal sealed record StateModel(TypeRef Root, ImmutableArray<TypeDecl> Declarations, ImmutableDictionary<string, string> CSharpNames)
{
    public TypeDecl Find(string key) => Declarations.First(d => d.Key == key);
}
