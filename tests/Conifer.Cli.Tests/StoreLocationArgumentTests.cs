using Conifer.Cli.Tests.Harness;
using Conifer.Tests.Shared.Postgres;

namespace Conifer.Cli.Tests;

/// <summary>
/// Every command that takes a store takes a location: a folder or a <c>postgresql://</c> URI. A URI that cannot be
/// used, a database where only a folder will do, and a database that cannot be reached are each a usage or
/// connection error (exit 2) with a line that says what is wrong, never a stack trace, never the password.
/// </summary>
public class StoreLocationArgumentTests
{
    [Theory]
    [InlineData("history", "postgresql://", "is not a PostgreSQL URI")]
    [InlineData("history", "postgresql://conifer@127.0.0.1:5432/", "names no database")]
    [InlineData("state export", "postgresql://conifer@127.0.0.1:5432/shop?app=no/slash", "is not usable")]
    [InlineData("store verify", "postgresql://conifer@127.0.0.1:5432/", "names no database")]
    [InlineData("store truncate", "postgres://conifer@127.0.0.1:5432/", "names no database")]
    [InlineData("revert", "postgresql://conifer@127.0.0.1:5432/", "names no database")]
    public async Task A_malformed_database_uri_is_a_usage_error_saying_what_is_wrong(string command, string uri, string says)
    {
        string[] args = command == "revert" ? ["revert", uri, "--to", "1", "--yes"] : [.. command.Split(' '), uri];

        var result = await ConiferCli.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"conifer {command}: ", result.StdErr, StringComparison.Ordinal);
        Assert.Contains(says, result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_process_store_uri_stops_run_server_before_it_listens()
    {
        var result = await ConiferCli.RunAsync("run-server", "--process-store", "postgresql://conifer@127.0.0.1:5432/",
            "--public-urls", $"http://127.0.0.1:{FreePort.Next()}", "--admin-urls", $"http://127.0.0.1:{FreePort.Next()}");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("names no database", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("admin interface on", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repair_of_a_database_says_it_needs_a_folder_without_showing_the_password()
    {
        var result = await ConiferCli.RunAsync("store", "repair", "postgresql://conifer:s3cret@127.0.0.1:5432/shop?app=notes");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("conifer store repair: 'postgresql://conifer", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("@127.0.0.1:5432/shop?app=notes' is a database; this needs a store folder", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", result.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("./conifer-store", "--standby follows a replicated store")]
    [InlineData("postgresql://conifer@127.0.0.1:5432/shop?app=notes", "a standby deploys nothing")]
    public async Task A_standby_on_a_folder_or_with_a_deploy_is_refused_before_it_listens(string store, string expected)
    {
        var result = await ConiferCli.RunAsync(
            "run-server", "--standby", "--process-store", store, "--deploy", "sample-apps/counter",
            "--public-urls", $"http://127.0.0.1:{FreePort.Next()}", "--admin-urls", $"http://127.0.0.1:{FreePort.Next()}");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("admin interface on", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_live_copy_through_a_server_into_a_database_is_refused_before_anything_is_copied()
    {
        var result = await ConiferCli.RunAsync("store", "copy", $"http://127.0.0.1:{FreePort.Next()}", "postgresql://conifer@127.0.0.1:5432/shop?app=notes");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("a live copy through a server goes into a folder", result.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("history")]
    [InlineData("state export")]
    [InlineData("store verify")]
    [InlineData("store truncate")]
    [InlineData("deploy")]
    [InlineData("store copy")]
    public async Task A_database_that_cannot_be_reached_is_a_connection_error_not_a_stack_trace(string command)
    {
        using var temp = new TempDirectory();
        // Nothing listens on a free port: the connection is refused at once. The password must not be shown.
        var uri = $"postgresql://conifer:s3cret@127.0.0.1:{FreePort.Next()}/shop?app=notes&timeout=3";
        string[] args = command switch
        {
            "deploy" => ["deploy", RepoPaths.SampleApp("counter"), uri],
            "store copy" => ["store", "copy", uri, temp.Sub("copy")],
            _ => [.. command.Split(' '), uri],
        };

        var result = await ConiferCli.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("127.0.0.1", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("database", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_in_a_database_takes_a_deploy_that_history_export_verify_and_copy_then_read()
    {
        var database = PostgresCluster.Shared.CreateDatabase("cli");
        var uri = database + "?app=counter";
        using var temp = new TempDirectory();

        var deploy = await ConiferCli.RunAsync("deploy", RepoPaths.SampleApp("counter"), uri);
        var history = await ConiferCli.RunAsync("history", uri);
        var export = await ConiferCli.RunAsync("state", "export", uri);
        var verify = await ConiferCli.RunAsync("store", "verify", uri, "--replay");
        var copy = await ConiferCli.RunAsync("store", "copy", uri, temp.Sub("copy"));
        var copiedHistory = await ConiferCli.RunAsync("history", temp.Sub("copy"));
        var back = await ConiferCli.RunAsync("store", "copy", temp.Sub("copy"), uri.Replace("app=counter", "app=counter2", StringComparison.Ordinal), "--json");
        var truncate = await ConiferCli.RunAsync("store", "truncate", uri);

        Assert.True(deploy.ExitCode == 0, deploy.StdErr);
        Assert.Matches(@"(?m)^\S+ +committed +init", history.StdOut);
        Assert.Contains("\"state\": 0", export.StdOut, StringComparison.Ordinal);
        Assert.True(verify.ExitCode == 0, verify.StdOut + verify.StdErr);
        Assert.Contains("every one matches the replay", verify.StdOut, StringComparison.Ordinal);
        Assert.True(copy.ExitCode == 0, copy.StdErr);
        Assert.Contains("verified the copy: 1 record(s)", copy.StdOut, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\S+ +committed +init", copiedHistory.StdOut);
        Assert.True(back.ExitCode == 0, back.StdErr);
        Assert.Contains("\"live\": false", back.StdOut, StringComparison.Ordinal);
        Assert.True(truncate.ExitCode == 0, truncate.StdErr);
        Assert.Contains("no snapshot yet", truncate.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_on_a_database_whose_writer_epoch_is_taken_stops_serving_and_exits_non_zero()
    {
        var database = PostgresCluster.Shared.CreateDatabase("cli");
        var uri = database + "?app=counter";
        await using var server = await ServerProcess.StartAsync(uri, deploy: RepoPaths.SampleApp("counter"), extraArgs: ["--lease-ttl", "2"]);
        Assert.Equal("3", await server.PostAsync("3"));
        var status = await server.Admin.GetStringAsync("api/status");
        Assert.Contains("\"role\": \"primary\"", status, StringComparison.Ordinal);
        Assert.DoesNotContain("\"epoch\": null", status, StringComparison.Ordinal);

        // What a newer primary's open does to the lease row: this server's next renewal finds another epoch.
        await PostgresCluster.Shared.ExecuteAsync(database, "UPDATE conifer.heads SET epoch = epoch + 1 WHERE app = 'counter'");

        var exit = await server.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exit);
        Assert.Contains("no longer the primary", server.Log, StringComparison.Ordinal);
    }
}
