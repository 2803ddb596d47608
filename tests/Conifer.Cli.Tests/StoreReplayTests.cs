using System.Buffers.Binary;
using System.Text.Json.Nodes;
using Conifer.Cli.Tests.Harness;
using Conifer.Runtime.Log;
using Conifer.Store;
using Conifer.Values.Lenient;
using Conifer.Values.Mapping;

namespace Conifer.Cli.Tests;

public class StoreReplayTests
{
    [Fact]
    public async Task A_real_run_replays_clean_beside_its_server_and_a_snapshot_the_log_does_not_imply_is_named_with_exit_1()
    {
        using var temp = new TempDirectory();
        var store = temp.Sub("store");
        string text;
        await using (var server = await ServerProcess.StartAsync(store, deploy: RepoPaths.SampleApp("counter")))
        {
            await server.PostAsync("5");
            await server.PostAsync("7");
            var function = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "apply-function", "AddToCounter", "[30]", server.AdminUrl, "--commit");
            Assert.True(function.ExitCode == 0, function.ToString());
            var eval = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "eval", server.AdminUrl, "state * 2", "--commit");
            Assert.True(eval.ExitCode == 0, eval.ToString());
            var deploy = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "deploy", RepoPaths.SampleApp("counter-text"), server.AdminUrl);
            Assert.True(deploy.ExitCode == 0, deploy.ToString());
            await server.PostAsync("a");
            text = await server.GetAsync();

            var live = await ConiferCli.RunAsync("store", "verify", store, "--replay");

            Assert.True(live.ExitCode == 0, live.ToString());
            Assert.Contains("The store is sound.", live.StdOut);
            Assert.Contains("from the empty process", live.StdOut);
            Assert.Contains("0 snapshot(s) and 2 deploy state(s) compared: every one matches the replay.", live.StdOut);
            // Not a terminal: progress comes as plain lines on standard error.
            Assert.Contains("Replaying: ready", live.StdErr);
            await server.KillAsync();
        }
        Assert.Equal("84-a", text);
        var tampered = temp.Sub("tampered");
        CopyDirectory(store, tampered);
        var last = await WriteSnapshotAsync(store, text);
        Assert.Equal(last, await WriteSnapshotAsync(tampered, "999"));

        var clean = await ConiferCli.RunAsync("store", "verify", store, "--replay", "--json");
        var diverged = await ConiferCli.RunAsync("store", "verify", tampered, "--replay");
        var divergedJson = await ConiferCli.RunAsync("store", "verify", tampered, "--replay", "--json");

        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.Equal(string.Empty, clean.StdErr);
        var replay = JsonNode.Parse(clean.StdOut)!["replay"]!;
        Assert.Equal(1, replay["snapshotsCompared"]!.GetValue<int>());
        Assert.Equal(2, replay["deploysCompared"]!.GetValue<int>());
        Assert.Equal(replay["lastSequence"]!.GetValue<long>(), replay["recordsReplayed"]!.GetValue<long>());
        Assert.True(replay["matches"]!.GetValue<bool>());

        Assert.True(diverged.ExitCode == 1, diverged.ToString());
        Assert.Contains("The store is sound.", diverged.StdOut);
        Assert.Contains($"The snapshot through record {last} differs", diverged.StdOut);
        Assert.Contains($"record:   {last} (AppEvent, version ", diverged.StdOut);
        Assert.Contains($"arose in: records {last}..{last}", diverged.StdOut);
        Assert.Contains("path:     $", diverged.StdOut);
        Assert.Contains("stored:   \"999\"", diverged.StdOut);
        Assert.Contains($"replayed: \"{text}\"", diverged.StdOut);
        Assert.Equal(1, divergedJson.ExitCode);
        var divergence = JsonNode.Parse(divergedJson.StdOut)!["replay"]!["divergence"]!;
        Assert.Equal("snapshot", divergence["checkpoint"]!.GetValue<string>());
        Assert.Equal(last, divergence["sequence"]!.GetValue<long>());
        Assert.Equal("appEvent", divergence["kind"]!.GetValue<string>());
        Assert.Equal("$", divergence["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task Replay_of_a_damaged_store_reports_the_damage_as_plain_verify_does()
    {
        using var temp = new TempDirectory();
        var store = temp.Sub("store");
        await using (var server = await ServerProcess.StartAsync(store, deploy: RepoPaths.SampleApp("counter")))
        {
            foreach (var n in new[] { "5", "6", "7", "8", "9" })
            {
                await server.PostAsync(n);
            }
            await server.KillAsync();
        }
        // A byte a third of the way in lies in a record before the last batch: damage, not a torn tail
        // (a flipped byte in the last batch is cut on open and verify reports it apart, exit 3).
        var segment = Directory.GetFiles(store, "*.seg").Single();
        var bytes = File.ReadAllBytes(segment);
        bytes[bytes.Length / 3] ^= 0xFF;
        File.WriteAllBytes(segment, bytes);

        var damaged = await ConiferCli.RunAsync("store", "verify", store, "--replay");
        var json = await ConiferCli.RunAsync("store", "verify", store, "--replay", "--json");
        var missing = await ConiferCli.RunAsync("store", "verify", temp.Sub("nowhere"), "--replay");

        Assert.Equal(1, damaged.ExitCode);
        Assert.Contains(Path.GetFileName(segment) + " at offset", damaged.StdOut);
        Assert.Contains("Replay skipped: the store is damaged.", damaged.StdOut);
        Assert.Equal(1, json.ExitCode);
        var node = JsonNode.Parse(json.StdOut)!;
        Assert.False(node["isClean"]!.GetValue<bool>());
        Assert.Null(node["replay"]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.StdErr);
    }

    /// <summary>
    /// Writes, through the store's own API, a valid snapshot of the counter-text state <paramref name="state"/> at the
    /// last record, under the newest deployed version (the server only snapshots every 100,000 records).
    /// </summary>
    private static async Task<long> WriteSnapshotAsync(string directory, string state)
    {
        var store = FileProcessStore.Open(directory);
        await using (store)
        {
            var deploy = store.Recovery.ReadRecords().Last(r => r.Kind is RecordKind.DeployAndMigrate or RecordKind.DeployAndInit);
            var record = (DeployRecord)((LenientResult<object?>.Fits)ValueMapper.For(typeof(DeployRecord)).Deserialize(deploy.Payload)).Value!;
            var header = ValueMapper.For(typeof(SnapshotHeader)).Serialize(new SnapshotHeader(record.VersionId, record.SourceBlob, record.Timers));
            var document = ValueMapper.For(typeof(string)).Serialize(state);
            var last = store.LastSequence;
            await store.WriteSnapshotAsync(last, async (stream, ct) =>
            {
                var length = new byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(length, header.Length);
                await stream.WriteAsync(length, ct);
                await stream.WriteAsync(header, ct);
                await stream.WriteAsync(document, ct);
            });
            return last;
        }
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
