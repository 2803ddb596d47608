using Microsoft.CodeAnalysis;

namespace Conifer.Compiler.Shape;

/// <summary>CLR full names of Roslyn type symbols, as <see cref="System.Reflection.Assembly.GetType(string)"/> expects for named types.</summary>
internal static class ClrNames
{
    public static string Of(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol named)
        {
            return type.ToDisplayString();
        }
        var name = named.MetadataName;
        if (named.IsGenericType && !named.IsUnboundGenericType && !SymbolEqualityComparer.Default.Equals(named, named.OriginalDefinition))
        {
            name += "[" + string.Join(",", named.TypeArguments.Select(a => "[" + Of(a) + "]")) + "]";
        }
        if (named.ContainingType is { } outer)
        {
            return Of(outer.OriginalDefinition) + "+" + name;
        }
        return named.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + name : name;
    }
}
