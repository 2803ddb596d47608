using System.Diagnostics;
using System.Globalization;
using Conifer.Store.Tools;

namespace Conifer.Store.Tests;

/// <summary>
/// A real child process appends under load from four writers and snapshots in the background; it stalls at a fault
/// point chosen here and is killed with SIGKILL. After reopen every append it had acknowledged on stdout must be
/// there, with no gap before it.
/// </summary>
public sealed class KillTests
{
    [Theory]
    [InlineData("BeforeWrite", 20, 150)]
    [InlineData("AfterWriteBeforeSync", 20, 150)]
    [InlineData("MidSnapshot", 1, 3)]
    [InlineData("AfterSnapshotRename", 1, 2)]
    public async Task A_process_killed_at_a_fault_point_keeps_every_acknowledged_append(string fault, int firstOccurrence, int secondOccurrence)
    {
        using var temp = new TempStore();
        var acknowledged = new HashSet<long>();
        foreach (var occurrence in new[] { firstOccurrence, secondOccurrence })
        {
            // The second run starts from what the first kill left: recovery of a recovered store.
            acknowledged.UnionWith(await RunUntilKilledAsync(temp.Directory, fault, occurrence));
            CheckRecovered(temp.Directory, acknowledged, $"{fault} #{occurrence}");
        }

        Assert.NotEmpty(acknowledged);
    }

    private static void CheckRecovered(string directory, HashSet<long> acknowledged, string because)
    {
        var recovery = FileProcessStore.OpenReadOnly(directory);
        var covered = recovery.Snapshot?.CoversThroughSequence ?? 0;
        if (recovery.Snapshot is { } snapshot)
        {
            Assert.Equal(snapshot.CoversThroughSequence, BitConverter.ToInt64(snapshot.ReadAllState(), 0));
        }

        var expected = recovery.FirstReplaySequence;
        var present = new HashSet<long>();
        foreach (var record in recovery.ReadRecords())
        {
            Assert.Equal(expected++, record.Sequence);
            present.Add(record.Sequence);
        }

        foreach (var sequence in acknowledged)
        {
            Assert.True(sequence <= recovery.LastSequence, $"{because}: acknowledged {sequence} is missing (log ends at {recovery.LastSequence})");
            Assert.True(sequence <= covered || present.Contains(sequence), $"{because}: acknowledged {sequence} is missing");
        }

        // A SIGKILL keeps the page cache, but a kill in the middle of a multi-page write() may still leave it
        // short: a cut tail is allowed, a lost acknowledged append (checked above) is not.
        Assert.True(StoreTools.Verify(directory).IsClean, because);
    }

    private static async Task<List<long>> RunUntilKilledAsync(string directory, string fault, int occurrence)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Conifer.Store.CrashHelper.dll"), "load", directory, fault, occurrence.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start)!;
        var errors = child.StandardError.ReadToEndAsync();
        var acknowledged = new List<long>();
        var faulted = false;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (await child.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("ACK ", StringComparison.Ordinal))
                {
                    acknowledged.Add(long.Parse(line.AsSpan(4), CultureInfo.InvariantCulture));
                }
                else if (line == "FAULT" && !faulted)
                {
                    faulted = true;
                    // While the child lives it owns the store, and a second owner is told which process that is.
                    var locked = Assert.Throws<Exceptions.StoreLockedException>(() => FileProcessStore.Open(directory));
                    Assert.Equal(child.Id, locked.OwnerProcessId);
                    // Process.Kill is SIGKILL on Unix: no finally block, no flush, no dispose runs in the child.
                    child.Kill();
                }
            }
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill();
            }

            await child.WaitForExitAsync(CancellationToken.None);
        }

        Assert.True(faulted, $"the child never reached {fault} #{occurrence}: {await errors}");
        return acknowledged;
    }
}
