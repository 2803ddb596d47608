using System.Text.Json;
using Conifer.Cli.Tests.Harness;

namespace Conifer.Cli.Tests;

public class MigrationWorkflowTests
{
    private static string Hours(string version) => Path.Combine(RepoPaths.SampleApp("hours"), version);

    [Fact]
    public async Task Scaffold_then_fill_then_migrate_test_turns_an_exported_v1_state_into_the_expected_v2_state()
    {
        using var temp = new TempDirectory();
        var export = temp.Sub("v1.json");
        await using (var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: Hours("v1")))
        {
            await new HoursApi(server).BookSampleDataAsync();
            var exported = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "state", "export", server.AdminUrl, "--out", export);
            Assert.True(exported.ExitCode == 0, exported.ToString());
        }
        var v1 = JsonDocument.Parse(File.ReadAllText(export)).RootElement;
        Assert.Equal(64, v1.GetProperty("versionId").GetString()!.Length);

        // The new version as a person starts it: v2's types and app, no Prev types, no migration yet.
        var src = NewHoursV2(temp);
        var scaffold = await ConiferCli.RunAsync("migrate", "scaffold", src, "--source", Hours("v1"), "--rename", "Project.Title=Name");
        Assert.True(scaffold.ExitCode == 0, scaffold.ToString());
        Assert.Contains("Project.Status: new field", scaffold.StdOut);
        var step = Path.Combine(src, "Backend", "Migrations", "V1_" + Conifer.Compiler.AppSource.FromDirectory(Hours("v1")).VersionId[..12]);
        Assert.True(File.Exists(Path.Combine(step, "Project.cs")));
        var unfilled = await ConiferCli.RunAsync("migrate", "test", src, "--state", export);
        Assert.True(unfilled.ExitCode == 1, unfilled.ToString());
        Assert.Contains("MigrationDecision", unfilled.StdErr);

        // Fill the one decision, as sample-apps/hours/v2 does; a second scaffold now refuses to overwrite the edit.
        NotesApp.Decide(src, "Project.Status: new field", "previous.Archived ? new Next.ProjectStatus.Archived() : new Next.ProjectStatus.Active()");
        var again = await ConiferCli.RunAsync("migrate", "scaffold", src, "--source", Hours("v1"), "--rename", "Project.Title=Name");
        Assert.True(again.ExitCode == 1, again.ToString());
        Assert.Contains("/MigrateState.cs", again.StdErr);

        var output = temp.Sub("v2.json");
        var test = await ConiferCli.RunAsync("migrate", "test", src, "--state", export, "--out", output);
        Assert.True(test.ExitCode == 0, test.ToString());
        Assert.Contains("Migration test passed", test.StdOut);
        Assert.Contains("$.Entries: 4 item(s)", test.StdOut);
        Assert.Contains("$.Projects[\"OLD\"].Archived: removed (was true)", test.StdOut);

        var v2 = JsonDocument.Parse(File.ReadAllText(output)).RootElement.GetProperty("state");
        var projects = Dict(v2.GetProperty("Projects"));
        Assert.Equal(["OLD", "OPS", "WEB"], projects.Keys);
        Assert.Equal("Archived", projects["OLD"].GetProperty("Status").GetProperty("$tag").GetString());
        Assert.Equal("Active", projects["WEB"].GetProperty("Status").GetProperty("$tag").GetString());
        Assert.Equal("Web shop", projects["WEB"].GetProperty("Name").GetString());
        // Users and entries did not change shape, so they are carried over exactly.
        var state = v1.GetProperty("state");
        Assert.Equal(state.GetProperty("Users").GetRawText(), v2.GetProperty("Users").GetRawText());
        Assert.Equal(state.GetProperty("Entries").GetRawText(), v2.GetProperty("Entries").GetRawText());
    }

    [Fact]
    public async Task A_state_that_does_not_fit_is_rejected_with_every_mismatch_listed_by_path()
    {
        using var temp = new TempDirectory();
        var file = temp.Sub("bad.json");
        File.WriteAllText(file, """
            {"Users":{"$dict":[["root",{"Name":"root","Salt":"s","PasswordHash":42,"Roles":[{"$tag":"Owner"}]}]]},
             "Projects":{"$dict":[["WEB",{"Code":"WEB","Title":"Web","Archived":"no"}]]},
             "Entries":[],"Sessions":{"$dict":[]}}
            """);

        var result = await ConiferCli.RunAsync("migrate", "test", Hours("v2"), "--state", file);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("$.Users[\"root\"].PasswordHash: stored Int", result.StdErr);
        Assert.Contains("$.Users[\"root\"].Roles[0]: stored Tagged \"Owner\"", result.StdErr);
        Assert.Contains("$.Projects[\"WEB\"].Archived: stored String", result.StdErr);
        Assert.Contains("$.NextEntryId: stored record without field 'NextEntryId'", result.StdErr);
    }

    [Fact]
    public async Task Migrate_test_and_export_read_a_store_without_changing_a_byte_while_a_server_owns_it_and_after()
    {
        using var temp = new TempDirectory();
        var store = temp.Sub("store");
        await using (var server = await ServerProcess.StartAsync(store, deploy: Hours("v1")))
        {
            await new HoursApi(server).BookSampleDataAsync();
            var before = AllFiles(store);

            var test = await ConiferCli.RunAsync("migrate", "test", Hours("v2"), "--process-store", store, "--json");
            var export = await ConiferCli.RunAsync("state", "export", store, "--out", temp.Sub("export.cvt"));
            var src = NewHoursV2(temp);
            var scaffold = await ConiferCli.RunAsync("migrate", "scaffold", src, "--process-store", store, "--rename", "Project.Title=Name");

            Assert.True(test.ExitCode == 0, test.ToString());
            Assert.Equal("dryRunPassed", JsonDocument.Parse(test.StdOut).RootElement.GetProperty("report").GetProperty("outcome").GetString());
            Assert.True(export.ExitCode == 0, export.ToString());
            Assert.True(scaffold.ExitCode == 0, scaffold.ToString());
            Assert.Contains("Title", File.ReadAllText(Path.Combine(src, "Backend", "Migrations", "V1_" + Conifer.Compiler.AppSource.FromDirectory(Hours("v1")).VersionId[..12], "Project.cs")));
            AssertSame(before, AllFiles(store));
            Assert.Equal(4, (await new HoursApi(server).AllEntriesAsync()).Split('\n').Length);
        }

        var stopped = AllFiles(store);
        var fromExport = await ConiferCli.RunAsync("migrate", "test", Hours("v2"), "--state", temp.Sub("export.cvt"));
        var fromStore = await ConiferCli.RunAsync("migrate", "test", Hours("v2"), "--process-store", store);
        Assert.True(fromExport.ExitCode == 0, fromExport.ToString());
        Assert.True(fromStore.ExitCode == 0, fromStore.ToString());
        AssertSame(stopped, AllFiles(store));
    }

    [Fact]
    public async Task Import_of_a_v1_export_into_a_v2_store_runs_that_deploys_migrate_and_a_misfit_changes_nothing()
    {
        using var temp = new TempDirectory();
        var store = temp.Sub("store");
        var export = temp.Sub("v1.json");
        await using (var server = await ServerProcess.StartAsync(store, deploy: Hours("v1")))
        {
            await new HoursApi(server).BookSampleDataAsync();
            Assert.Equal(0, (await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "state", "export", server.AdminUrl, "--out", export)).ExitCode);
            var deploy = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "deploy", Hours("v2"), server.AdminUrl);
            Assert.True(deploy.ExitCode == 0, deploy.ToString());
            await new HoursApi(server).SendAsync(HttpMethod.Post, "/projects", await new HoursApi(server).LoginAsync("bob", "bob-pw"), "NEW:Added under v2");
        }

        var bad = temp.Sub("bad.json");
        File.WriteAllText(bad, """{"coniferExport":1,"versionId":null,"state":{"Users":7}}""");
        var before = AllFiles(store);
        var refused = await ConiferCli.RunAsync("state", "import", bad, store);
        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains("$.Users: stored Int", refused.StdErr);
        AssertSame(before, AllFiles(store));

        var imported = await ConiferCli.RunAsync("state", "import", export, store);
        Assert.True(imported.ExitCode == 0, imported.ToString());
        Assert.Contains("Imported: migrated through MigrateState; set-state record", imported.StdOut);
        await using var restarted = await ServerProcess.StartAsync(store);
        var state = JsonDocument.Parse(await restarted.Admin.GetStringAsync("/api/state")).RootElement;
        var projects = Dict(state.GetProperty("Projects"));
        Assert.Equal(["OLD", "OPS", "WEB"], projects.Keys);
        Assert.Equal("Archived", projects["OLD"].GetProperty("Status").GetProperty("$tag").GetString());
    }

    private static string NewHoursV2(TempDirectory temp)
    {
        var src = AppVariants.Copy("hours/v2", temp, "hours-v2");
        Directory.Delete(Path.Combine(src, "Backend", "Prev"), recursive: true);
        File.Delete(Path.Combine(src, "Backend", "MigrateState.cs"));
        return src;
    }

    private static SortedDictionary<string, JsonElement> Dict(JsonElement dict) =>
        new(dict.GetProperty("$dict").EnumerateArray().ToDictionary(p => p[0].GetString()!, p => p[1]), StringComparer.Ordinal);

    /// <summary>Every file of the store but the lock (which only its owner touches), path to bytes.</summary>
    private static SortedDictionary<string, byte[]> AllFiles(string store)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(store, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(store, file).Replace('\\', '/');
            if (relative is not ("lock" or "lock.owner"))
            {
                files[relative] = File.ReadAllBytes(file);
            }
        }
        return files;
    }

    private static void AssertSame(SortedDictionary<string, byte[]> before, SortedDictionary<string, byte[]> after)
    {
        Assert.Equal(before.Keys, after.Keys);
        foreach (var (path, bytes) in before)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(after[path]), $"{path} changed");
        }
    }
}
