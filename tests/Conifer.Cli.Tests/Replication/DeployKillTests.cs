using System.Text.Json.Nodes;
using Conifer.Cli.Tests.Harness;
using Conifer.Tests.Shared.Postgres;
using Xunit.Abstractions;

namespace Conifer.Cli.Tests.Replication;

/// <summary>
/// SIGKILL of the primary at varying moments of a deploy (<c>conifer deploy SRC HOST</c>): the standby that takes over
/// runs the old version or the new one, never a mix, and holds exactly the state a fresh read of the store gives
/// (<c>conifer state export</c>), stamped with the same version.
/// </summary>
[Collection(ReplicationFaultCollection.Name)]
public sealed class DeployKillTests(ITestOutputHelper output)
{
    private static readonly int[] s_killAfterMs = [30, 150, 300, 400, 500, 800];

    [Fact]
    public async Task A_primary_killed_during_a_deploy_leaves_the_old_or_the_new_version_whole()
    {
        using var temp = new TempDirectory();
        var cluster = PostgresCluster.Shared;
        var (database, store) = Replica.NewStore("deploykill");
        var (primary, standbys) = await Replica.StartGroupAsync(cluster, database, store, store, IdsApp.WriteTo(temp.Sub("v0")));
        var standby = standbys[0];
        Task<ServerProcess>? restarting = null;
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var lines = new List<string>();
        var running = "ok";
        try
        {
            for (var n = 0; n < 10; n++)
            {
                Assert.Equal("ok", await PostAsync(client, primary, $"before-{n}"));
            }
            for (var round = 1; round <= s_killAfterMs.Length; round++)
            {
                var next = $"ok-v{round}";
                var deploy = ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "deploy", IdsApp.WriteTo(temp.Sub($"v{round}"), next), primary.AdminUrl);
                await Task.Delay(s_killAfterMs[round - 1]);
                await primary.KillAsync();
                var deployResult = await deploy;
                var winner = await Replica.WaitForTakeoverAsync([standby], TimeSpan.FromSeconds(20));
                Assert.True(winner == standby, $"round {round}: the standby did not take over:\n" + Replica.Logs(primary, standby));
                await primary.DisposeAsync();
                primary = standby;
                // The killed process comes back as the next standby while this round's checks run.
                restarting = Replica.StartStandbyAsync(store);

                var reply = await PostAsync(client, primary, $"probe-{round}");
                var (servedVersion, servedState) = await ReadStateAsync(primary);
                var export = await ConiferCli.RunAsync("state", "export", store);
                Assert.True(export.ExitCode == 0, export.ToString());
                var exported = JsonNode.Parse(export.StdOut)!;
                var line = $"round {round}: killed {s_killAfterMs[round - 1]} ms into the deploy (deploy exit {deployResult.ExitCode}); the standby answers '{reply}', version {servedVersion}; export version {exported["versionId"]}";
                lines.Add(line);
                output.WriteLine(line);

                Assert.True(reply == running || reply == next, $"{line}: neither the old ('{running}') nor the new version ('{next}')");
                if (deployResult.ExitCode == 0)
                {
                    Assert.True(reply == next, $"{line}: the deploy was acknowledged but the standby runs the old version");
                }
                Assert.Equal(servedVersion, exported["versionId"]!.GetValue<string>());
                Assert.True(JsonNode.DeepEquals(servedState, exported["state"]), $"{line}: the served state differs from the store's\nserved: {servedState}\nexported: {exported["state"]}");
                running = reply;
                standby = await restarting;
                restarting = null;
            }
            var verify = await LogAudit.VerifyAsync(store);
            Console.WriteLine("DeployKillTests: " + string.Join("; ", lines));
            Assert.True(verify.ExitCode == 0, verify.ToString());
        }
        finally
        {
            await primary.DisposeAsync();
            if (!ReferenceEquals(standby, primary))
            {
                await standby.DisposeAsync();
            }
            if (restarting is not null)
            {
                await (await restarting).DisposeAsync();
            }
        }
    }

    private static async Task<string> PostAsync(HttpClient client, ServerProcess server, string id)
    {
        using var response = await client.PostAsync(server.PublicUrl + "/", new StringContent(id));
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? body : throw new HttpRequestException($"POST answered {(int)response.StatusCode}: {body}\n{Replica.Logs(server)}");
    }

    private static async Task<(string Version, JsonNode State)> ReadStateAsync(ServerProcess server)
    {
        using var response = await server.Admin.GetAsync("/api/state");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET /api/state answered {(int)response.StatusCode}: {body}");
        return (response.Headers.GetValues("X-Conifer-Version").Single(), JsonNode.Parse(body)!);
    }
}
