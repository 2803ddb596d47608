namespace Conifer.Compiler.Scaffolding;

/// <summary>Prints a <see cref="TypeRef"/> as C#, naming declarations through a function of their key.</summary>
internal static class TypePrinter
{
    public static string Print(TypeRef type, Func<string, string> name) => type switch
    {
        TypeRef.Primitive p => p.Keyword,
        TypeRef.Nullable n => Print(n.Inner, name) + "?",
        TypeRef.Collection c => $"{c.Kind}<{string.Join(", ", c.Arguments.Select(a => Print(a, name)))}>",
        TypeRef.Named n => name(n.Key),
        TypeRef.Opaque o => o.CSharp,
        _ => throw new InvalidOperationException($"{nameof(TypePrinter)}.{nameof(Print)}: unhandled {type.GetType().Name}"),
    };

    /// <summary>A short form for messages: declarations by key, <c>global::</c> prefixes dropped.</summary>
    public static string Short(TypeRef type) => Print(type, key => key).Replace("global::Backend.", "", StringComparison.Ordinal).Replace("global::", "", StringComparison.Ordinal);
}
