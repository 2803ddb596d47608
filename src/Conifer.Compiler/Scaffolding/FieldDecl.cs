namespace Conifer.Compiler.Scaffolding;

/// <summary>A stored field: a property name and its type.</summary>
internal sealed record FieldDecl(string Name, TypeRef Type);
