using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Conifer.App;
using Conifer.Compiler.Metering;
using Conifer.Compiler.Rules;
using Conifer.Compiler.Shape;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;

namespace Conifer.Compiler;

/// <summary>
/// Compiles an <see cref="AppSource"/> with Roslyn against the .NET 10 reference assemblies and
/// <c>Conifer.App</c>, discovers the app's shape and checks the determinism and immutability
/// rules (docs/app-rules.md). Thread-safe; the reference set is loaded once per process and
/// shared, which is what makes later compiles cheap (~85 ms against ~2 s for the first).
/// </summary>
public static class AppCompiler
{
    /// <summary>The path under which the implicit global usings appear in diagnostics.</summary>
    public const string GlobalUsingsPath = "<conifer-global-usings>.cs";

    /// <summary>The namespaces every app file sees without a using (its implicit global usings; see <see cref="ImplicitUsings"/>).</summary>
    internal static readonly ImmutableArray<string> GlobalUsingNamespaces = ImplicitUsings.Namespaces;

    internal static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp14, DocumentationMode.None);

    private static readonly CSharpCompilationOptions Options = new(
        OutputKind.DynamicallyLinkedLibrary,
        optimizationLevel: OptimizationLevel.Release,
        nullableContextOptions: NullableContextOptions.Enable,
        deterministic: true,
        // Unsafe code is refused twice: by C# (CS0227) and by a Conifer rule (CNF0211) that says what to use instead.
        allowUnsafe: false,
        concurrentBuild: false);

    // The portable PDB is embedded in the assembly, with the paths the user knows (Backend/App.cs), so
    // that a stack trace from app code (a Migrate that throws, in a deploy report) names their file
    // and line. It is part of the deterministic output: the same source still gives the same bytes.
    private static readonly EmitOptions EmitWithPdb = new(debugInformationFormat: DebugInformationFormat.Embedded);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(() =>
        [.. Basic.Reference.Assemblies.Net100.References.All, MetadataReference.CreateFromFile(typeof(Commands).Assembly.Location)]);

    internal static readonly SyntaxTree GlobalUsingsTree = CSharpSyntaxTree.ParseText(
        SourceText.From(string.Join("\n", GlobalUsingNamespaces.Select(n => $"global using {n};")), Encoding.UTF8), ParseOptions, GlobalUsingsPath);

    /// <summary>The reference assemblies every app compiles against, created once per process.</summary>
    internal static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    /// <summary>Compiles, discovers the shape and checks the rules; never throws for bad app code.</summary>
    public static CompileResult Compile(AppSource source)
    {
        var compilation = CreateCompilation(source);
        var diagnostics = new DiagnosticBag();
        var shape = ShapeDiscovery.Discover(compilation, diagnostics);
        AppRules.Check(compilation, shape, diagnostics);
        if (!diagnostics.IsEmpty)
        {
            diagnostics.AddRoslyn(compilation.GetDiagnostics());
            // A syntax error in the app class can hide it; the C# error is then the one to fix.
            diagnostics.RemoveWhenCSharpErrors(RuleIds.NoApp);
            return new CompileResult.Failure(source.VersionId, diagnostics.ToSortedArray());
        }

        using var assembly = new MemoryStream();
        var emit = AppMetering.Instrument(compilation).Emit(assembly, options: EmitWithPdb);
        if (!emit.Success)
        {
            // The metered source is derived from code that compiled; should a rewrite ever fail to
            // compile, the app still deploys, bounded only by the proving process and the watchdogs.
            assembly.SetLength(0);
            emit = compilation.Emit(assembly, options: EmitWithPdb);
        }
        if (!emit.Success)
        {
            diagnostics.AddRoslyn(emit.Diagnostics);
            return new CompileResult.Failure(source.VersionId, diagnostics.ToSortedArray());
        }
        Debug.Assert(shape.Shape is not null, "shape discovery reports a diagnostic whenever it finds no shape");
        return new CompileResult.Success(new CompiledApp(source.VersionId, [.. assembly.ToArray()], shape.Shape!));
    }

    /// <summary>
    /// Compiles, loads and calls a tiny app on a background thread so that Roslyn's one-time JIT
    /// (~2 s) is paid at server start, not by the first deploy. Safe to call more than once.
    /// </summary>
    public static Task WarmUpAsync() => Task.Run(() =>
    {
        var result = Compile(AppSource.FromTexts([KeyValuePair.Create("Backend/App.cs", WarmUpApp)]));
        if (result is not CompileResult.Success success)
        {
            throw new InvalidOperationException("The warm-up app does not compile: " + result);
        }
        // Loading and one call JIT the loader and invoker paths a deploy takes next.
        var app = success.App.Load();
        app.Init();
        app.Unload();
    });

    /// <summary>The Roslyn compilation of a source (the global usings included); shared with the migration scaffold.</summary>
    internal static CSharpCompilation CreateCompilation(AppSource source)
    {
        var trees = source.Files
            // With its encoding, so that the embedded PDB can name each file by its checksum.
            .Select(f => CSharpSyntaxTree.ParseText(SourceText.From(f.Text, Encoding.UTF8), ParseOptions, f.Path))
            .Append(GlobalUsingsTree);
        return CSharpCompilation.Create("conifer-app-" + source.VersionId[..16], trees, References, Options);
    }

    /// <summary>The id of the rules and references: part of every compiled-assembly cache key.</summary>
    internal static string ToolchainId { get; } = string.Join(
        "|",
        typeof(AppCompiler).Assembly.ManifestModule.ModuleVersionId.ToString("N", CultureInfo.InvariantCulture),
        typeof(Commands).Assembly.ManifestModule.ModuleVersionId.ToString("N", CultureInfo.InvariantCulture),
        typeof(CSharpCompilation).Assembly.GetName().Version?.ToString() ?? "roslyn");

    private const string WarmUpApp = """
        namespace Backend;

        public sealed record State(int Count, ImmutableArray<string> Names);

        public sealed class App : IWebServiceApp<State>
        {
            public static (State State, Commands Commands) Init() => (new State(0, []), Commands.None);

            public static (State State, Commands Commands) OnHttpRequest(HttpRequestEvent request, State state)
            {
                var next = state with { Count = state.Count + 1, Names = state.Names.Add(request.Path) };
                var text = string.Join(",", next.Names.Where(n => n.Length > 0).Select(n => n.ToUpperInvariant()));
                return (next, Commands.Respond(request.Id, 200, $"{next.Count}: {text}"));
            }
        }
        """;
}
