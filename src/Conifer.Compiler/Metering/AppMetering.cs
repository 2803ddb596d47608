using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis.CSharp;

namespace Conifer.Compiler.Metering;

/// <summary>
/// Meters an app's compilation (see <see cref="MeteringRewriter"/>) after its rules have been
/// checked on the source as written, so diagnostics point at the user's own lines and the inserted
/// calls are not themselves subject to the allow-list.
/// </summary>
internal static class AppMetering
{
    /// <summary>Whether an emitted assembly refers to <c>Conifer.App.Metering.ExecutionBudget</c>.</summary>
    public static bool References(ImmutableArray<byte> assembly)
    {
        using var reader = new PEReader(assembly);
        var metadata = reader.GetMetadataReader();
        return metadata.TypeReferences.Any(handle =>
        {
            var type = metadata.GetTypeReference(handle);
            return metadata.StringComparer.Equals(type.Name, "ExecutionBudget") && metadata.StringComparer.Equals(type.Namespace, "Conifer.App.Metering");
        });
    }

    public static CSharpCompilation Instrument(CSharpCompilation compilation)
    {
        var metered = compilation;
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (tree.FilePath == AppCompiler.GlobalUsingsPath)
            {
                continue;
            }
            var root = new MeteringRewriter(compilation.GetSemanticModel(tree)).Visit(tree.GetRoot());
            metered = metered.ReplaceSyntaxTree(tree, tree.WithRootAndOptions(root, tree.Options));
        }
        return metered;
    }
}
