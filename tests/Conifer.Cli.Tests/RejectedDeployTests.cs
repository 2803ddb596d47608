using Conifer.Cli.Tests.Harness;

namespace Conifer.Cli.Tests;

/// <summary>
/// Every way a deploy can fail exits 1 with a report naming the cause, and leaves the running
/// app, its state and the store's log, snapshots and blobs byte-for-byte as they were.
/// </summary>
public class RejectedDeployTests
{
    public static TheoryData<string> Variants => ["bad-migration", "throws", "loops", "overflows-the-stack", "compile-error", "breaks-a-rule"];

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task A_rejected_deploy_changes_nothing_and_names_the_cause(string variant)
    {
        using var temp = new TempDirectory();
        var (source, expected) = Variant(temp, variant);
        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: RepoPaths.SampleApp("counter"));
        await server.PostAsync("14");
        var before = StoreFiles.LogAndSnapshots(server.Store);

        var deploy = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "deploy", source, server.AdminUrl);

        Assert.True(deploy.ExitCode == 1, deploy.ToString());
        foreach (var text in expected)
        {
            Assert.Contains(text, deploy.Output);
        }
        StoreFiles.AssertSame(before, StoreFiles.LogAndSnapshots(server.Store));
        Assert.Equal("14", await server.GetAsync());
        Assert.Equal("15", await server.PostAsync("1"));
    }

    private static (string Source, string[] Expected) Variant(TempDirectory temp, string variant) => variant switch
    {
        "bad-migration" => (RepoPaths.SampleApp("counter-bad-migration"), ["$: stored Int", "expected"]),
        "throws" => (AppVariants.CounterTextMigrating(temp, variant, "throw new InvalidOperationException(\"boom\")"),
            ["Migrate threw InvalidOperationException: boom", "at Backend.MigrateState.Migrate"]),
        "loops" => (AppVariants.CounterTextMigrating(temp, variant, "Spin(previous)",
            "    static (string, Commands) Spin(int p) { while (p >= 0) { p = (p + 1) % 1000; } return (\"\", Commands.None); }"),
            ["Migrate did not return within 5 s"]),
        "overflows-the-stack" => (AppVariants.CounterTextMigrating(temp, variant, "(Depth(previous).ToString(), Commands.None)",
            "    static int Depth(int p) => p < 0 ? 0 : 1 + Depth(p + 1);"),
            ["Migrate overflowed the stack"]),
        "compile-error" => (AppVariants.CounterTextMigrating(temp, variant, "(previous.ToString(), Commands.None"),
            ["Backend/MigrateState.cs:5:"]),
        "breaks-a-rule" => (AppVariants.CounterTextMigrating(temp, variant, "(DateTime.Now.ToString(), Commands.None)"),
            ["Backend/MigrateState.cs:5:", "DateTime.Now"]),
        _ => throw new ArgumentOutOfRangeException(nameof(variant)),
    };
}
