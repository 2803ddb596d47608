using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Conifer.Compiler.Loading;
using Conifer.Compiler.Metering;
using Conifer.Compiler.Rules;
using Conifer.Compiler.Shape;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.CodeAnalysis.Scripting.Hosting;

namespace Conifer.Compiler.Scripting;

/// <summary>
/// Compiles an operator's C# script (<c>conifer eval</c>, with or without <c>--commit</c>) against a loaded app
/// version with the Roslyn scripting API: statements are allowed and the last expression is the value, the app's
/// own types and the current <c>state</c> (the <see cref="ScriptGlobals{TState}"/> global) are in scope, and the
/// very rules app code is compiled under (<see cref="AppRules"/>) apply to it. The scripting API builds the
/// compilation; the image is emitted here and loaded beside the app in the version's collectible
/// context, because the scripting API's own loader keeps scripts in a context that is not
/// collectible, which cannot reference an app loaded into a collectible one.
/// </summary>
public static class ScriptCompiler
{
    // The path diagnostics name; line and column are the script's own.
    private const string ScriptPath = "<eval>";

    private static readonly string GlobalsName = typeof(ScriptGlobals<>).FullName!;

    private static readonly MethodInfo CompileForState =
        typeof(ScriptCompiler).GetMethod(nameof(CompileFor), BindingFlags.NonPublic | BindingFlags.Static)!;

    // The scripting API resolves the globals and result types by the identity of their running
    // assemblies (System.Private.CoreLib, not the System.Runtime reference assembly apps compile
    // against), so scripts compile against the running framework's own assemblies. They are read
    // once per process; Roslyn keeps their metadata with these references, which makes later evals cheap.
    private static readonly Lazy<ImmutableArray<MetadataReference>> FrameworkReferences = new(() =>
    [
        .. Directory.GetFiles(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "*.dll").Order(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)),
        MetadataReference.CreateFromFile(typeof(Conifer.App.Commands).Assembly.Location),
    ]);

    // Every scripting loader makes an AssemblyLoadContext that is not collectible, and a script
    // made without one gets a new loader. Scripts are never run through it, so one for the process
    // keeps each eval from leaving an empty context behind.
    private static readonly InteractiveAssemblyLoader UnusedLoader = new();

    /// <summary>Compiles <paramref name="source"/>; with <paramref name="mustReturnState"/>, its value must convert to the app's State.</summary>
    public static CompiledScript Compile(LoadedApp app, string source, bool mustReturnState) =>
        (CompiledScript)CompileForState.MakeGenericMethod(app.StateType).Invoke(null, [app, source, mustReturnState])!;

    private static CompiledScript CompileFor<TState>(LoadedApp app, string source, bool mustReturnState) =>
        mustReturnState ? Build<TState, TState>(app, source) : Build<TState, object>(app, source);

    // At the top of a script `state with { … }` reads as the declaration of a property named
    // `with` of type `state`. When the script does not parse but the whole text is one expression,
    // the script is that expression (its nodes keep their positions, so diagnostics still point
    // into the text as written).
    private static Compilation AsExpressionWhenMisread(Compilation compilation, string source)
    {
        var tree = compilation.SyntaxTrees.Single();
        if (!tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return compilation;
        }
        var expression = SyntaxFactory.ParseExpression(source, options: tree.Options, consumeFullText: true);
        if (expression.ContainsDiagnostics)
        {
            return compilation;
        }
        var statement = SyntaxFactory.ExpressionStatement(expression, SyntaxFactory.MissingToken(SyntaxKind.SemicolonToken));
        var root = SyntaxFactory.CompilationUnit().AddMembers(SyntaxFactory.GlobalStatement(statement));
        return compilation.ReplaceSyntaxTree(tree, SyntaxFactory.SyntaxTree(root, tree.Options, tree.FilePath, tree.Encoding));
    }

    private static CompiledScript Build<TState, TResult>(LoadedApp app, string source)
    {
        var appImage = MetadataReference.CreateFromImage(app.Compiled.AssemblyBytes);
        var options = ScriptOptions.Default
            .WithReferences([.. FrameworkReferences.Value, appImage])
            .WithImports([.. AppCompiler.GlobalUsingNamespaces, Names.AppNamespace])
            .WithLanguageVersion(AppCompiler.ParseOptions.LanguageVersion)
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithEmitDebugInformation(false)
            .WithFilePath(ScriptPath)
            .WithMetadataResolver(null!)
            .WithSourceResolver(null!);
        var script = CSharpScript.Create<TResult>(source, options, typeof(ScriptGlobals<TState>), UnusedLoader);
        var compilation = AsExpressionWhenMisread(script.GetCompilation(), source);

        var appAssembly = compilation.GetAssemblyOrModuleSymbol(appImage);
        // The app's code passed the rules when it was deployed and the globals only hand over the
        // state, so naming either is not an API use; everything else the script names is checked.
        bool IsOwnCode(ISymbol symbol) =>
            SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, compilation.Assembly)
            || SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, appAssembly)
            || (symbol as INamedTypeSymbol ?? symbol.ContainingType) is { } type && ClrNames.Of(type.OriginalDefinition) == GlobalsName
                && type.ContainingAssembly.Name == typeof(ScriptGlobals<>).Assembly.GetName().Name;
        var diagnostics = new DiagnosticBag();
        AppRules.Check(compilation, new DiscoveredShape(null, null, []), diagnostics, IsOwnCode);
        diagnostics.AddRoslyn(compilation.GetDiagnostics());
        if (!diagnostics.IsEmpty)
        {
            return new CompiledScript(null, [.. diagnostics.ToSortedArray().Select(d => d.ToString())]);
        }
        using var image = new MemoryStream();
        // Metered like app code, so a script that loops past its limit stops itself and frees its thread.
        var emit = AppMetering.Instrument((CSharpCompilation)compilation).Emit(image);
        if (!emit.Success)
        {
            image.SetLength(0);
            emit = compilation.Emit(image);
        }
        if (!emit.Success)
        {
            return new CompiledScript(null, [.. emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString())]);
        }
        image.Position = 0;
        // Loaded beside the app in its collectible context: the script's references to app types bind
        // to the very assembly the state was made by, and the script goes away with the version.
        var context = AssemblyLoadContext.GetLoadContext(app.Assembly)
            ?? throw new InvalidOperationException("The app assembly has no load context.");
        var submission = context.LoadFromStream(image).GetType(compilation.ScriptClass!.MetadataName, throwOnError: true)!;
        var factory = submission.GetMethod("<Factory>", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!
            .CreateDelegate<Func<object?[], Task<TResult>>>();
        object? Run(object? state)
        {
            using var culture = InvariantCulture.Enter();
            // Slot 0 holds the globals, slot 1 the submission itself (the layout the scripting API's
            // own runner uses). The rules forbid await, so the task has finished when it returns.
            return factory([new ScriptGlobals<TState>((TState)state!), null]).GetAwaiter().GetResult();
        }
        return new CompiledScript(Run, []);
    }
}
