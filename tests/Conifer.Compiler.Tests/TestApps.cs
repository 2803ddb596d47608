using System.Collections.Immutable;
using Conifer.App;

namespace Conifer.Compiler.Tests;

/// <summary>Helpers to compile small apps written inline and to find the checked-in sample apps.</summary>
internal static class TestApps
{
    public const string Counter = "counter";
    public const string CounterText = "counter-text";
    public const string CounterBadMigration = "counter-bad-migration";

    /// <summary>A minimal app whose state is <paramref name="stateType"/>, for tests that add one more file.</summary>
    public static string AppFile(string stateType = "State", string init = "new State(0)") => $$"""
        namespace Backend;

        public sealed class App : IWebServiceApp<{{stateType}}>
        {
            public static ({{stateType}} State, Commands Commands) Init() => ({{init}}, Commands.None);

            public static ({{stateType}} State, Commands Commands) OnHttpRequest(HttpRequestEvent request, {{stateType}} state) =>
                (state, Commands.Respond(request.Id, 200, "ok"));
        }
        """;

    public const string CountState = "namespace Backend;\n\npublic sealed record State(int Count);\n";

    public static AppSource Source(params (string Path, string Text)[] files) =>
        AppSource.FromTexts(files.Select(f => KeyValuePair.Create(f.Path, f.Text)));

    /// <summary>The counter app plus one file holding <paramref name="code"/>.</summary>
    public static AppSource WithFile(string code, string path = "Backend/Extra.cs") =>
        Source(("Backend/App.cs", AppFile()), ("Backend/State.cs", CountState), (path, code));

    public static CompileResult.Success Compiles(AppSource source)
    {
        var result = AppCompiler.Compile(source);
        return result as CompileResult.Success
            ?? throw new Xunit.Sdk.XunitException("expected a successful compile, got:\n" + result);
    }

    public static ImmutableArray<CompileDiagnostic> Fails(AppSource source)
    {
        var result = AppCompiler.Compile(source);
        return result is CompileResult.Failure failure
            ? failure.Diagnostics
            : throw new Xunit.Sdk.XunitException("expected the compile to fail");
    }

    /// <summary>Asserts that compiling fails with exactly one diagnostic <paramref name="id"/> at the first occurrence of <paramref name="at"/>.</summary>
    public static CompileDiagnostic FailsAt(AppSource source, string id, string file, string at, string messagePart)
    {
        var diagnostics = Fails(source);
        var text = source.Files.Single(f => f.Path == file).Text;
        var (line, column) = PositionOf(text, at);
        var matching = diagnostics.Where(d => d.Id == id).ToList();
        var diagnostic = Assert.Single(matching, d => d.File == file && d.Line == line && d.Column == column);
        Assert.Contains(messagePart, diagnostic.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(diagnostic.Hint));
        return diagnostic;
    }

    public static (int Line, int Column) PositionOf(string text, string fragment)
    {
        var index = text.IndexOf(fragment, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{fragment}' not in the source");
        var before = text[..index];
        var line = before.Count(c => c == '\n') + 1;
        var column = index - (before.LastIndexOf('\n') + 1) + 1;
        return (line, column);
    }

    public static string SampleFolder(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "sample-apps", name);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException($"sample-apps/{name} not found above {AppContext.BaseDirectory}");
    }

    public static HttpRequestEvent Request(string method, string body, string id = "r1") =>
        new(id, 1_700_000_000_000, method, "/", [], [.. System.Text.Encoding.UTF8.GetBytes(body)]);

    public static string ResponseText(Commands commands) =>
        commands.Items.OfType<Command.Respond>().Select(r => System.Text.Encoding.UTF8.GetString(r.Body.AsSpan())).Single();
}
