using System.Text.Json;
using Conifer.Cli.Tests.Harness;
using Conifer.Compiler;

namespace Conifer.Cli.Tests;

public class MigrationHistoryTests
{
    private static string Short(string src) => AppSource.FromDirectory(src).VersionId[..12];

    private static void CopyHistory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(from, "Backend", "Migrations"), "*.cs", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [Fact]
    public async Task An_export_two_versions_old_goes_through_both_steps_on_import_to_a_server_and_in_migrate_test()
    {
        using var temp = new TempDirectory();
        var v1 = NotesApp.V1(temp, "v1");
        var v2 = NotesApp.V2(temp, "v2");
        var v1Export = temp.Sub("v1.json");
        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: v1);
        Assert.Equal("1", await server.PostAsync("a"));
        Assert.Equal("2", await server.PostAsync("b"));
        Assert.Equal(0, (await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "state", "export", server.AdminUrl, "--out", v1Export)).ExitCode);

        // v2: the first step, from v1.
        var first = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "migrate", "scaffold", v2, "--from", server.AdminUrl);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"Added migration step V1_{Short(v1)}.", first.StdOut);
        NotesApp.Decide(v2, "State.LastBody: new field", "\"(before v2)\"");
        var toV2 = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "deploy", v2, server.AdminUrl);
        Assert.True(toV2.ExitCode == 0, toV2.ToString());
        Assert.Equal("3:c", await server.PostAsync("c"));

        // v3: a second step on top, from v2; the first now returns the second's types.
        var v3 = NotesApp.V3(temp, "v3");
        CopyHistory(v2, v3);
        var second = await ConiferCli.RunAsync("migrate", "scaffold", v3, "--source", v2);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"pointed Backend/Migrations/V1_{Short(v1)}/MigrateState.cs at V2_{Short(v2)} (using Next)", second.StdOut);
        NotesApp.Decide(v3, "State.Chars: new field", "previous.LastBody.Length");
        var toV3 = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "deploy", v3, server.AdminUrl);
        Assert.True(toV3.ExitCode == 0, toV3.ToString());
        Assert.Equal("3:c:1", await server.GetAsync());

        var test = await ConiferCli.RunAsync("migrate", "test", v3, "--state", v1Export, "--out", temp.Sub("v3.json"));
        Assert.True(test.ExitCode == 0, test.ToString());
        var migrated = JsonDocument.Parse(File.ReadAllText(temp.Sub("v3.json"))).RootElement.GetProperty("state");
        Assert.Equal("{\"Count\":2,\"LastBody\":\"(before v2)\",\"Chars\":11}", migrated.GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("(beforev2)", "(before v2)", StringComparison.Ordinal));

        var import = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "state", "import", v1Export, server.AdminUrl);
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains($"Imported: migrated through V1_{Short(v1)}, V2_{Short(v2)}; set-state record", import.StdOut);
        Assert.Equal("2:(before v2):11", await server.GetAsync());

        var list = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "migrate", "list", v3, "--from", server.AdminUrl);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains($"  V1_{Short(v1)}    from {Short(v1)}  deployed", list.StdOut);
        Assert.Contains($"  V2_{Short(v2)}    from {Short(v2)}  deployed", list.StdOut);

        var removeDeployed = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "migrate", "remove", v3, "--from", server.AdminUrl);
        Assert.True(removeDeployed.ExitCode == 1, removeDeployed.ToString());
        Assert.Contains($"V2_{Short(v2)} was deployed", removeDeployed.StdErr);

        // A step from the running version that was never deployed can go, and the step before is pointed back.
        var v4 = NotesApp.V3(temp, "v4");
        CopyHistory(v3, v4);
        File.WriteAllText(Path.Combine(v4, "Backend", "State.cs"), "namespace Backend;\n\npublic sealed record State(int Count, string LastBody, int Chars, bool Flag);\n");
        File.WriteAllText(Path.Combine(v4, "Backend", "App.cs"), File.ReadAllText(Path.Combine(v4, "Backend", "App.cs")).Replace("new State(0, \"\", 0)", "new State(0, \"\", 0, false)", StringComparison.Ordinal));
        Assert.Equal(0, (await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "migrate", "scaffold", v4, "--from", server.AdminUrl)).ExitCode);
        var pending = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "migrate", "list", v4, "--from", server.AdminUrl);
        Assert.Contains($"  V3_{Short(v3)}    from {Short(v3)}  pending: its version is running, the next deploy runs it", pending.StdOut);
        var remove = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "migrate", "remove", v4, "--from", server.AdminUrl);
        Assert.True(remove.ExitCode == 0, remove.ToString());
        Assert.Contains($"removed Backend/Migrations/V3_{Short(v3)}/", remove.StdOut);
        Assert.Contains("using Next = Backend;", File.ReadAllText(Path.Combine(v4, "Backend", "Migrations", $"V2_{Short(v2)}", "MigrateState.cs")));
        Assert.Equal(["V1_" + Short(v1), "V2_" + Short(v2)], MigrationHistory.Read(AppSource.FromDirectory(v4)).Select(s => s.Name));
    }

    [Fact]
    public async Task A_state_whose_version_no_step_migrates_from_is_refused_naming_the_missing_version()
    {
        using var temp = new TempDirectory();
        var v1 = NotesApp.V1(temp, "v1");
        var v2 = NotesApp.V2(temp, "v2");
        Assert.Equal(0, (await ConiferCli.RunAsync("migrate", "scaffold", v2, "--source", v1)).ExitCode);
        NotesApp.Decide(v2, "State.LastBody: new field", "\"\"");
        var v3 = NotesApp.V3(temp, "v3");
        CopyHistory(v2, v3);
        Assert.Equal(0, (await ConiferCli.RunAsync("migrate", "scaffold", v3, "--source", v2)).ExitCode);
        NotesApp.Decide(v3, "State.Chars: new field", "0");
        var stray = temp.Sub("stray.json");
        var strayVersion = new string('e', 64);
        File.WriteAllText(stray, "{\"coniferExport\":1,\"versionId\":\"" + strayVersion + "\",\"state\":{\"Count\":5}}");

        var test = await ConiferCli.RunAsync("migrate", "test", v3, "--state", stray);

        Assert.True(test.ExitCode == 1, test.ToString());
        Assert.Contains(
            $"No migration step migrates from version eeeeeeeeeeee, the version of the state (the steps: V1_{Short(v1)} from {Short(v1)}, V2_{Short(v2)} from {Short(v2)}); the step from eeeeeeeeeeee is missing.",
            test.StdErr);
    }
}
