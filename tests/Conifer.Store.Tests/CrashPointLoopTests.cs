using Conifer.Store.Tests.Faults;
using Conifer.Store.Tools;

namespace Conifer.Store.Tests;

public sealed class CrashPointLoopTests
{
    private const string Directory = "/mem/store";

    [Theory]
    [InlineData(CrashMode.Drop)]
    [InlineData(CrashMode.Tear)]
    [InlineData(CrashMode.Keep)]
    public async Task A_crash_at_every_io_operation_keeps_every_acknowledged_append(CrashMode mode)
    {
        var crashes = 0;
        var repairs = 0;
        var truncated = 0;
        var completions = 0;
        for (var k = 1; ; k++)
        {
            var fileSystem = new MemoryFileSystem { CrashAt = k };
            var workload = new Workload();
            try
            {
                await workload.RunAsync(Directory, Workload.SmallSegments(fileSystem));
            }
            catch (Exception e) when (e is IOException or Exceptions.StoreFailedException)
            {
                // The crash (or the store failing because of it) ends the workload; what was acknowledged counts.
            }

            if (!fileSystem.Crashed)
            {
                // Concurrent appends batch differently from run to run, so the workload's length varies by a few
                // operations: stop only once it has completed several times in a row.
                if (++completions == 5)
                {
                    break;
                }

                continue;
            }

            completions = 0;

            crashes++;
            var rebooted = fileSystem.AfterCrash(mode, new Random(k));
            var recovery = await CheckRecoveredAsync(rebooted, workload, $"crash at operation {k}, {mode}");
            repairs += recovery.TailRepair is null ? 0 : 1;
            truncated += recovery.FirstRetainedSequence > 1 ? 1 : 0;
        }

        Assert.True(crashes > 50, $"the workload should take many I/O operations, took {crashes}");
        Assert.True(truncated > 0, "some crashes should come after the truncate");
        Assert.True(mode != CrashMode.Tear || repairs > 0, "torn writes should leave tails to cut");
    }

    private static async Task<RecoveryResult> CheckRecoveredAsync(MemoryFileSystem fileSystem, Workload workload, string because)
    {
        var options = Workload.SmallSegments(fileSystem);
        var store = FileProcessStore.Open(Directory, options);
        await using (store)
        {
            var recovered = Workload.Recovered(store.Recovery);
            foreach (var (sequence, payload) in workload.Acknowledged)
            {
                Assert.True(recovered.TryGetValue(sequence, out var found), $"{because}: acknowledged record {sequence} is missing");
                Assert.Equal(payload, found);
            }

            var report = StoreTools.Verify(Directory, options);
            Assert.True(report.IsClean, $"{because}: verify found {string.Join("; ", report.Problems)}");

            // The repaired store takes appends and opens again with them.
            var next = await store.AppendAsync(RecordKind.AppEvent, "after reopen"u8.ToArray());
            Assert.Equal(store.Recovery.LastSequence + 1, next);
        }

        await using var again = FileProcessStore.Open(Directory, options);
        Assert.Null(again.Recovery.TailRepair);
        Assert.True(StoreTools.Verify(Directory, options).IsClean, because);
        return store.Recovery;
    }
}
