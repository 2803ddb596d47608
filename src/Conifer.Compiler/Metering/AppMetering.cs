using Microsoft.CodeAnalysis.CSharp;

namespace Conifer.Compiler.Metering;

/// <summary>
/// Meters an app's compilation (see <see cref="MeteringRewriter"/>) after its rules have been
/// checked on the source as written, so diagnostics point at the user's own lines and the inserted
/// calls are not themselves subject to the allow-list.
/// </summary>
internal static class AppMetering
{
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
