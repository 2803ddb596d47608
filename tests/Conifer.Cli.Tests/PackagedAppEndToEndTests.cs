using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Conifer.Cli.Tests.Harness;

namespace Conifer.Cli.Tests;

/// <summary>
/// Conifer used the way a .NET developer outside this repository uses it: the packages come only from a
/// folder feed packed from this checkout; templates, the tool, the SDK and Conifer.Testing are installed
/// from it into a temp folder, and an app is created, run, migrated, tested and deployed there.
/// </summary>
public partial class PackagedAppEndToEndTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task An_app_from_the_templates_is_run_migrated_tested_and_deployed_with_only_the_packed_feed()
    {
        var (feed, version) = await LocalFeed.GetAsync();
        using var temp = new TempDirectory("conifer-e2e");
        var work = temp.Path;
        await File.WriteAllTextAsync(Path.Combine(work, "nuget.config"), await NuGetConfigAsync(feed));
        var environment = new Dictionary<string, string>
        {
            // A package folder of the test's own: Conifer packages can only come from the feed.
            ["NUGET_PACKAGES"] = Path.Combine(work, "packages"),
            ["CONIFER_ADMIN_PASSWORD"] = "e2e-secret",
        };
        async Task<CliResult> Run(string fileName, params string[] args)
        {
            var result = await ExternalProcess.RunAsync(fileName, args, work, Step, environment);
            Assert.True(result.ExitCode == 0, $"{fileName} {string.Join(' ', args)}\n{result}");
            return result;
        }
        var hive = Path.Combine(work, "template-hive");
        var conifer = Path.Combine(work, "tools", "conifer");

        await Run("dotnet", "new", "install", $"Conifer.Templates@{version}", "--debug:custom-hive", hive);
        await Run("dotnet", "tool", "install", "conifer", "--version", version, "--tool-path", Path.Combine(work, "tools"));
        await Run("dotnet", "new", "conifer-app", "-o", "notes", "--debug:custom-hive", hive);
        Assert.Contains($"<PackageReference Include=\"Conifer.App\" Version=\"{version}\" />", await File.ReadAllTextAsync(Path.Combine(work, "notes", "notes.csproj")));
        await Run("dotnet", "build", "notes");

        var publicPort = FreePort.Next();
        var adminPort = FreePort.Next();
        var admin = $"127.0.0.1:{adminPort}";
        using var server = Process.Start(ExternalProcess.StartInfo(conifer,
            ["run-server", "--process-store", "store", "--public-urls", $"http://127.0.0.1:{publicPort}", "--admin-urls", $"http://{admin}", "--deploy", "notes"],
            work, environment))!;
        try
        {
            server.StandardInput.Close();
            // Both streams are drained all along, so that the server never blocks on a full pipe.
            _ = server.StandardOutput.ReadToEndAsync();
            var serverErrors = server.StandardError.ReadToEndAsync();
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{publicPort}"), Timeout = TimeSpan.FromMinutes(5) };
            await WaitForAsync(http, server, serverErrors);
            Assert.Equal("1 note(s)", await PostAsync(http, "hello"));
            Assert.Equal("2 note(s)", await PostAsync(http, "world"));
            Assert.Equal("hello\nworld", await GetAsync(http));
            await Run(conifer, "state", "export", admin, "--out", "v1-state.json");

            // Version 2: a note gets a vote count.
            await File.WriteAllTextAsync(Path.Combine(work, "notes", "Backend", "App.cs"), NotesV2);
            await Run(conifer, "migrate", "scaffold", "notes", "--from", admin);
            // The scaffold asks for each note: the element is x0 in its Select. Next names the step's result types, so the filled step still compiles once a later step is scaffolded on top of it.
            FillDecisions(Path.Combine(work, "notes"), "new Next.Note(x0, 0)");

            await Run("dotnet", "new", "conifer-migration-tests", "-o", "notes-tests", "--app", "../notes", "--debug:custom-hive", hive);
            File.Copy(Path.Combine(work, "v1-state.json"), Path.Combine(work, "notes-tests", "fixtures", "state.json"), overwrite: true);
            var testFile = Path.Combine(work, "notes-tests", "MigrationTests.cs");
            await File.WriteAllTextAsync(testFile, (await File.ReadAllTextAsync(testFile)).Replace(
                "Assert.NotNull(state);", "Assert.Equal([new Backend.Note(\"hello\", 0), new Backend.Note(\"world\", 0)], state.Notes);", StringComparison.Ordinal));
            var test = await Run("dotnet", "test", "notes-tests");
            Assert.Contains("Passed!", test.StdOut);

            await Run(conifer, "deploy", "notes", admin);
            Assert.Equal("hello (0 votes)\nworld (0 votes)", await GetAsync(http));
            Assert.Equal("3 note(s)", await PostAsync(http, "again"));

            // Version 3, on top: the state counts posts. The scaffold adds a second step and keeps the first.
            await File.WriteAllTextAsync(Path.Combine(work, "notes", "Backend", "App.cs"), NotesV3);
            await Run(conifer, "migrate", "scaffold", "notes", "--from", admin);
            FillDecisions(Path.Combine(work, "notes"), "0");
            var steps = Directory.GetDirectories(Path.Combine(work, "notes", "Backend", "Migrations")).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(2, steps.Count);
            Assert.StartsWith("V1_", steps[0], StringComparison.Ordinal);
            Assert.StartsWith("V2_", steps[1], StringComparison.Ordinal);
            await Run(conifer, "deploy", "notes", admin);
            Assert.Equal("hello (0 votes)\nworld (0 votes)\nagain (0 votes)", await GetAsync(http));
            Assert.Equal("4 note(s), 1 post(s)", await PostAsync(http, "more"));

            // The first version's export migrates to the deployed version, through both steps.
            var migrated = await Run(conifer, "migrate", "test", "notes", "--state", "v1-state.json", "--out", "v3-state.json");
            Assert.Contains("Migration test passed", migrated.StdOut);
            using var v3 = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(work, "v3-state.json")));
            var state = v3.RootElement.GetProperty("state");
            Assert.Equal(["hello", "world"], state.GetProperty("Notes").EnumerateArray().Select(n => n.GetProperty("Text").GetString()));
            Assert.Equal([0, 0], state.GetProperty("Notes").EnumerateArray().Select(n => n.GetProperty("Votes").GetInt32()));
            Assert.Equal(0, state.GetProperty("Posts").GetInt32());

            // Imported into the running server, the same export goes through both steps too.
            var imported = await Run(conifer, "state", "import", "v1-state.json", admin);
            Assert.Contains("migrated through", imported.StdOut);
            Assert.Contains(steps[0], imported.StdOut);
            Assert.Contains(steps[1], imported.StdOut);
            Assert.Equal("hello (0 votes)\nworld (0 votes)", await GetAsync(http));
            Assert.Equal("3 note(s), 1 post(s)", await PostAsync(http, "after import"));
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }
            await server.WaitForExitAsync();
        }
    }

    /// <summary>Replaces every MigrationDecision.Required hole the scaffold left (only the newest step has any) with <paramref name="expression"/>, as a person would.</summary>
    private static void FillDecisions(string app, string expression)
    {
        var filled = 0;
        foreach (var file in Directory.EnumerateFiles(app, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            var replaced = Hole().Replace(text, _ => expression);
            if (replaced != text)
            {
                filled += Hole().Count(text);
                File.WriteAllText(file, replaced);
            }
        }
        Assert.True(filled > 0, $"the scaffold left no MigrationDecision.Required in {app}");
    }

    [GeneratedRegex(@"MigrationDecision\.Required<[^(]*>\(""[^""]*""\)")]
    private static partial Regex Hole();

    /// <summary>
    /// The machine's own package sources for third-party packages (xunit, Roslyn), and the feed; Conifer's
    /// packages are mapped to the feed alone. The machine's package folder is a fallback, so that nothing
    /// already there is downloaded again.
    /// </summary>
    private static async Task<string> NuGetConfigAsync(string feed)
    {
        var list = await ExternalProcess.RunAsync("dotnet", ["nuget", "list", "source", "--format", "short"], Path.GetTempPath(), TimeSpan.FromMinutes(2));
        var sources = list.StdOut.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("E ", StringComparison.Ordinal)).Select(l => l[2..].Trim()).ToList();
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var adds = string.Join("\n", sources.Select((s, i) => $"    <add key=\"source{i}\" value=\"{s}\" />"));
        var mapped = string.Join("\n", sources.Select((_, i) => $"    <packageSource key=\"source{i}\"><package pattern=\"*\" /></packageSource>"));
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="conifer-feed" value="{feed}" />
            {adds}
              </packageSources>
              <packageSourceMapping>
                <clear />
                <packageSource key="conifer-feed">
                  <package pattern="Conifer.*" />
                  <package pattern="conifer" />
                </packageSource>
            {mapped}
              </packageSourceMapping>
              <fallbackPackageFolders>
                <clear />
                <add key="machine" value="{globalPackages}" />
              </fallbackPackageFolders>
            </configuration>
            """;
    }

    private static async Task WaitForAsync(HttpClient http, Process server, Task<string> serverErrors)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while (DateTime.UtcNow < deadline)
        {
            if (server.HasExited)
            {
                Assert.Fail($"conifer run-server exited with {server.ExitCode}: {await serverErrors}");
            }
            try
            {
                using var response = await http.GetAsync("/");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("conifer run-server did not serve the app within 10 minutes.");
    }

    private static async Task<string> PostAsync(HttpClient http, string body)
    {
        using var response = await http.PostAsync("/", new StringContent(body));
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<string> GetAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/");
        return await response.Content.ReadAsStringAsync();
    }

    private const string NotesV3 = """
        namespace Backend;

        /// <summary>The whole state of the app: the notes, each with its votes, and how many notes were posted.</summary>
        public sealed record State(ImmutableList<Note> Notes, int Posts);

        /// <summary>A note and how many votes it got.</summary>
        public sealed record Note(string Text, int Votes);

        /// <summary>POST / adds a note and counts the post; GET / lists the notes with their votes.</summary>
        public sealed class App : IWebServiceApp<State>
        {
            public static (State State, Commands Commands) Init() => (new State([], 0), Commands.None);

            public static (State State, Commands Commands) OnHttpRequest(HttpRequestEvent request, State state)
            {
                if (request.Method != "POST")
                {
                    return (state, Commands.Respond(request.Id, 200, string.Join("\n", state.Notes.Select(n => $"{n.Text} ({n.Votes} votes)"))));
                }
                var next = new State(state.Notes.Add(new Note(request.BodyText.Trim(), 0)), state.Posts + 1);
                return (next, Commands.Respond(request.Id, 200, $"{next.Notes.Count} note(s), {next.Posts} post(s)"));
            }
        }
        """;

    private const string NotesV2 = """
        namespace Backend;

        /// <summary>The whole state of the app: the notes, each with its votes.</summary>
        public sealed record State(ImmutableList<Note> Notes);

        /// <summary>A note and how many votes it got.</summary>
        public sealed record Note(string Text, int Votes);

        /// <summary>POST / adds a note; GET / lists them with their votes.</summary>
        public sealed class App : IWebServiceApp<State>
        {
            public static (State State, Commands Commands) Init() => (new State([]), Commands.None);

            public static (State State, Commands Commands) OnHttpRequest(HttpRequestEvent request, State state)
            {
                if (request.Method != "POST")
                {
                    return (state, Commands.Respond(request.Id, 200, string.Join("\n", state.Notes.Select(n => $"{n.Text} ({n.Votes} votes)"))));
                }
                var next = state with { Notes = state.Notes.Add(new Note(request.BodyText.Trim(), 0)) };
                return (next, Commands.Respond(request.Id, 200, $"{next.Notes.Count} note(s)"));
            }
        }
        """;
}
