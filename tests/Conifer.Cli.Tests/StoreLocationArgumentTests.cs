using Conifer.Cli.Tests.Harness;

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
}
