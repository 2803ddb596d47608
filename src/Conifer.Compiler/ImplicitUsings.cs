using System.Collections.Immutable;
using System.Xml.Linq;

namespace Conifer.Compiler;

/// <summary>
/// The namespaces every app file sees without a using, read from <c>Conifer.App/build/Conifer.App.props</c>
/// (embedded here): the same file the Conifer.App package adds to an app's project, so the IDE and a
/// deploy compile with one list.
/// </summary>
internal static class ImplicitUsings
{
    private const string ResourceName = "Conifer.Compiler.ImplicitUsings.props";

    /// <summary>The <c>Using Include</c> values of the props file, in its order.</summary>
    public static ImmutableArray<string> Namespaces { get; } = Read();

    private static ImmutableArray<string> Read()
    {
        using var stream = typeof(ImplicitUsings).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The resource {ResourceName} is missing from Conifer.Compiler.");
        var document = XDocument.Load(stream);
        return [.. document.Descendants().Where(e => e.Name.LocalName == "Using")
            .Select(e => (string?)e.Attribute("Include") ?? throw new InvalidOperationException("A Using in the implicit usings file has no Include."))];
    }
}
