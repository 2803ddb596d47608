using System.Net;
using Conifer.Cli.Tests.Harness;

namespace Conifer.Cli.Tests;

public class HoursEndToEndTests
{
    private static string Version(int n) => Path.Combine(RepoPaths.SampleApp("hours"), $"v{n}");

    [Fact]
    public async Task Every_entry_and_hash_survives_deploying_v2_then_v3_over_a_running_server_and_a_restart()
    {
        using var temp = new TempDirectory();
        var store = temp.Sub("store");
        string entries;
        SortedDictionary<string, string> hashes;
        await using (var server = await ServerProcess.StartAsync(store, deploy: Version(1)))
        {
            var api = new HoursApi(server);
            await api.BookSampleDataAsync();
            entries = await api.AllEntriesAsync();
            hashes = await api.HashesAsync();
            Assert.Equal(4, entries.Split('\n').Length);
            Assert.Equal(["alice", "bob", "root"], hashes.Keys);

            foreach (var version in new[] { 2, 3 })
            {
                var deploy = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "deploy", Version(version), server.AdminUrl);
                Assert.True(deploy.ExitCode == 0, deploy.ToString());
                await AssertSameDataAsync(api, entries, hashes);
            }
        }

        await using var restarted = await ServerProcess.StartAsync(store);
        var after = new HoursApi(restarted);
        await AssertSameDataAsync(after, entries, hashes);
        // v3 keeps entries under their project: a new booking lands there and the archived project still refuses one.
        var alice = await after.LoginAsync("alice", "alice-pw");
        Assert.Equal("5", await after.SendAsync(HttpMethod.Post, "/entries", alice, "WEB:2026-11-05:60:after the restart"));
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => after.SendAsync(HttpMethod.Post, "/entries", alice, "OLD:2026-11-05:60:too late"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    private static async Task AssertSameDataAsync(HoursApi api, string entries, SortedDictionary<string, string> hashes)
    {
        Assert.Equal(entries, await api.AllEntriesAsync());
        Assert.Equal(hashes, await api.HashesAsync());
        // The hashes still verify: every user can log in with the password set under v1.
        await api.LoginAsync("alice", "alice-pw");
        await api.LoginAsync("bob", "bob-pw");
        var wrong = await Assert.ThrowsAsync<HttpRequestException>(() => api.LoginAsync("bob", "alice-pw"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }
}
