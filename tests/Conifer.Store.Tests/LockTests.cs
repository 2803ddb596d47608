using Conifer.Store.Exceptions;

namespace Conifer.Store.Tests;

public sealed class LockTests
{
    [Fact]
    public async Task A_second_owner_gets_an_error_naming_the_pid_that_holds_the_store()
    {
        using var temp = new TempStore();
        await using var first = FileProcessStore.Open(temp.Directory);

        var e = Assert.Throws<StoreLockedException>(() => FileProcessStore.Open(temp.Directory));

        Assert.Equal(Environment.ProcessId, e.OwnerProcessId);
        Assert.Contains(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lock_file_left_by_a_dead_process_does_not_block_the_next_open()
    {
        using var temp = new TempStore();
        await using (var store = FileProcessStore.Open(temp.Directory))
        {
            await store.AppendAsync(RecordKind.AppEvent, "x"u8.ToArray());
        }

        // What a killed owner leaves behind: the lock file and its pid, but no OS lock.
        await File.WriteAllTextAsync(temp.PathOf("lock.owner"), "999999");

        await using var reopened = FileProcessStore.Open(temp.Directory);
        Assert.Equal(1, reopened.Recovery.LastSequence);
    }

    [Fact]
    public async Task A_read_only_open_works_while_a_server_holds_the_store()
    {
        using var temp = new TempStore();
        await using var owner = FileProcessStore.Open(temp.Directory);
        await owner.AppendAsync(RecordKind.AppEvent, "x"u8.ToArray());

        var recovery = FileProcessStore.OpenReadOnly(temp.Directory);

        Assert.Equal(1, recovery.LastSequence);
    }
}
