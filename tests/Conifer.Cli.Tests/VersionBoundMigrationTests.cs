using System.Text.Json;
using Conifer.Cli.Tests.Harness;
using Conifer.Compiler;

namespace Conifer.Cli.Tests;

public class VersionBoundMigrationTests
{
    private static string Short(string src) => AppSource.FromDirectory(src).VersionId[..12];

    private static async Task<long> LastSequenceAsync(ServerProcess server) =>
        JsonDocument.Parse(await server.Admin.GetStringAsync("/api/status")).RootElement.GetProperty("lastSequence").GetInt64();

    [Fact]
    public async Task Deploying_the_running_version_again_changes_nothing_and_keeps_what_the_new_field_holds()
    {
        using var temp = new TempDirectory();
        var v1 = NotesApp.V1(temp, "v1");
        var v2 = NotesApp.V2HandWritten(temp, "v2");
        var store = temp.Sub("store");
        await using (var server = await ServerProcess.StartAsync(store, deploy: v1))
        {
            Assert.Equal("1", await server.PostAsync("a"));
            var first = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "deploy", v2, server.AdminUrl);
            Assert.True(first.ExitCode == 0, first.ToString());
            Assert.Equal("2:hello", await server.PostAsync("hello"));
            var records = await LastSequenceAsync(server);

            var again = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "deploy", v2, server.AdminUrl);
            var json = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "deploy", v2, server.AdminUrl, "--json");

            Assert.True(again.ExitCode == 0, again.ToString());
            Assert.Contains($"Already running version {Short(v2)}: nothing was deployed, no record was written and no Migrate ran.", again.StdOut);
            Assert.Equal("unchanged", JsonDocument.Parse(json.StdOut).RootElement.GetProperty("outcome").GetString());
            Assert.Equal("2:hello", await server.GetAsync());
            Assert.Equal(records, await LastSequenceAsync(server));
        }

        // The README's own line: restart with --deploy of the version the store already runs.
        await using var restarted = await ServerProcess.StartAsync(store, deploy: v2);
        Assert.Contains($"is already running version {AppSource.FromDirectory(v2).VersionId}; nothing was deployed and no Migrate ran", restarted.Log);
        Assert.Equal("2:hello", await restarted.GetAsync());
    }

    [Fact]
    public async Task A_migration_stamped_with_another_version_is_rejected_naming_both_versions_and_what_to_do()
    {
        using var temp = new TempDirectory();
        var v1 = NotesApp.V1(temp, "v1");
        var v1b = NotesApp.V1(temp, "v1b", greeting: "count ");
        var v2 = NotesApp.V2(temp, "v2");
        var scaffold = await ConiferCli.RunAsync("migrate", "scaffold", v2, "--source", v1);
        Assert.True(scaffold.ExitCode == 0, scaffold.ToString());
        NotesApp.Decide(v2, "State.LastBody: new field", "\"\"");
        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: v1b);
        Assert.Equal("count 1", await server.PostAsync("a"));

        var deploy = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "deploy", v2, server.AdminUrl);

        Assert.True(deploy.ExitCode == 1, deploy.ToString());
        Assert.Contains(
            $"Deploy rejected: The migration (Backend/Migrations/V1_{Short(v1)}/MigrateState.cs:11) migrates from version {Short(v1)}, but the state is at version {Short(v1b)}. " +
            $"Deploy version {Short(v1)} first, or scaffold the migration again from the running version (conifer migrate scaffold SRC --from HOST).",
            deploy.StdErr);
        Assert.Equal("count 1", await server.GetAsync());
    }

    [Fact]
    public async Task A_deploy_that_drops_stored_fields_warns_with_each_path_and_value()
    {
        using var temp = new TempDirectory();
        var v2 = NotesApp.V2(temp, "v2");
        var v1 = NotesApp.V1(temp, "v1");
        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: v2);
        Assert.Equal("1:hello", await server.PostAsync("hello"));

        var deploy = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "deploy", v1, server.AdminUrl);

        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.Contains("warning: 1 stored field(s) are not in the types the state was read as, so this deploy drops them:", deploy.StdOut);
        Assert.Contains("  warning: $.LastBody: stored \"hello\", ignored (the type has no such field)", deploy.StdOut);
        Assert.Equal("1", await server.GetAsync());
    }
}
