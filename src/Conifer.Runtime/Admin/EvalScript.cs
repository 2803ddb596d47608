using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Conifer.Compiler;
using Conifer.Compiler.Rules;
using Conifer.Compiler.Shape;
using Conifer.Runtime.Versions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Conifer.Runtime.Admin;

/// <summary>
/// Compiles an operator's C# expression against the running version: the app's own types and the
/// current <c>state</c> are in scope, the compiler's determinism rules apply to it as to app code,
/// and the result is loaded into the version's own load context (so the app's types are the same
/// types the state is made of). The expression is compiled with Roslyn directly rather than with
/// the scripting API, whose loader cannot bind to an app assembly that was loaded from bytes into
/// a collectible context.
/// </summary>
internal static class EvalScript
{
    private const string ScriptPath = "<eval>.cs";

    private static readonly CSharpCompilationOptions Options = new(
        OutputKind.DynamicallyLinkedLibrary,
        optimizationLevel: OptimizationLevel.Release,
        nullableContextOptions: NullableContextOptions.Disable,
        deterministic: true,
        concurrentBuild: false);

    /// <summary>A compiled expression: <c>Run(state)</c>, or the diagnostics that say why there is none.</summary>
    public sealed record Compiled(Func<object?, object?>? Run, Type? ResultType, ImmutableArray<string> Errors);

    /// <summary>Compiles <paramref name="source"/>; with <paramref name="mustReturnState"/>, its type must convert to the app's State.</summary>
    public static Compiled Compile(AppVersion version, string source, bool mustReturnState)
    {
        var stateName = "global::" + version.App.Shape.StateTypeName.Replace('+', '.');
        var resultType = mustReturnState ? stateName : "object";
        // The expression starts on line 6 of <eval>.cs, on a line of its own, so columns in diagnostics are its own.
        var text = $"namespace ConiferEval;\nusing Backend;\npublic static class Script\n{{\n    public static {resultType} Run({stateName} state) =>\n{source}\n;\n}}\n";
        var compilation = CSharpCompilation.Create(
            "conifer-eval-" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(text, AppCompiler.ParseOptions, ScriptPath), AppCompiler.GlobalUsingsTree],
            [.. AppCompiler.References, MetadataReference.CreateFromImage(version.App.Compiled.AssemblyBytes)],
            Options);
        var diagnostics = new DiagnosticBag();
        AppRules.Check(compilation, new DiscoveredShape(null, null, []), diagnostics);
        diagnostics.AddRoslyn(compilation.GetDiagnostics());
        if (!diagnostics.IsEmpty)
        {
            return new Compiled(null, null, [.. diagnostics.ToSortedArray().Select(d => d.ToString())]);
        }
        using var image = new MemoryStream();
        var emit = compilation.Emit(image);
        if (!emit.Success)
        {
            return new Compiled(null, null, [.. emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString())]);
        }
        image.Position = 0;
        // Loaded beside the app in its collectible context: the script's references to app types bind
        // to the very assembly the state was made by, and go away with the version.
        var context = AssemblyLoadContext.GetLoadContext(version.App.Assembly)
            ?? throw new InvalidOperationException("The app assembly has no load context.");
        var method = context.LoadFromStream(image).GetType("ConiferEval.Script")!.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!;
        object? Run(object? state)
        {
            using var culture = Compiler.Loading.InvariantCulture.Enter();
            try
            {
                return method.Invoke(null, [state]);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }
        }
        return new Compiled(Run, method.ReturnType, []);
    }
}
