using Conifer.Runtime;
using Conifer.Runtime.Rehearsal;
using Conifer.Store.Exceptions;
using Conifer.Values;
using Conifer.Values.Codecs;

namespace Conifer.Cli.Commands;

/// <summary>
/// Where the state commands read a state from: a file (an export, a JSON tree or a value document),
/// a running server's <c>GET /api/state</c>, or a store (a folder or a database) read without its lock and
/// without writing to it (a server may own it).
/// </summary>
internal static class StateSources
{
    /// <summary>Reads the one source given; null after printing why (exit code 2).</summary>
    public static async Task<StateExport?> ReadAsync(string command, string? file, string? host, string? storeDirectory, string? password, CancellationToken cancellationToken)
    {
        var given = new[] { file, host, storeDirectory }.Count(s => s is not null);
        if (given != 1)
        {
            await Console.Error.WriteLineAsync($"conifer {command}: give exactly one of --state FILE, --from HOST, --process-store DIR.").ConfigureAwait(false);
            return null;
        }
        try
        {
            if (file is not null)
            {
                return StateExport.ReadFile(file);
            }
            if (host is not null)
            {
                return CommonOptions.IsUrl(host)
                    ? await FromServerAsync(host, password, cancellationToken).ConfigureAwait(false)
                    : await FromStoreAsync(command, host).ConfigureAwait(false);
            }
            return await FromStoreAsync(command, storeDirectory!).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ValueFormatException or ProcessRestoreException or StoreCorruptException or StoreFormatVersionException or StoreNotFoundException)
        {
            await Console.Error.WriteLineAsync($"conifer {command}: cannot read the state: {e.Message}").ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (StoreArgument.IsUnreachable(e))
        {
            await Console.Error.WriteLineAsync(StoreArgument.Describe(command, (host ?? storeDirectory)!, e)).ConfigureAwait(false);
            return null;
        }
    }

    private static async Task<StateExport?> FromServerAsync(string host, string? password, CancellationToken cancellationToken)
    {
        using var admin = new AdminClient(host, password);
        if (await admin.GetStateAsync(cancellationToken).ConfigureAwait(false) is not { } answer)
        {
            return null;
        }
        return new StateExport(answer.VersionId, ValueJsonCodec.Parse(answer.Json, ValueLimits.Default));
    }

    private static async Task<StateExport?> FromStoreAsync(string command, string directory)
    {
        if (await StoreArgument.ParseAsync(command, directory).ConfigureAwait(false) is not { } location)
        {
            return null;
        }
        var stored = await StoreReader.ReadAsync(directory).ConfigureAwait(false);
        // Warnings go to standard error: the state itself may be going to standard output.
        if (stored.RecordsLost > 0)
        {
            await Console.Error.WriteLineAsync($"conifer {command}: warning: the log ends at record {stored.LastSequence}, {stored.RecordsLost} acknowledged record(s) before the store's high-water mark; " +
                "a server refuses to open this store (see 'conifer store verify'). This state lacks those records.").ConfigureAwait(false);
        }
        foreach (var repair in stored.PendingRepairs)
        {
            await Console.Error.WriteLineAsync($"conifer {command}: warning: the store needs a repair that its next writable open makes: {repair}. This state is the one after that repair (through record {stored.LastSequence}).").ConfigureAwait(false);
        }
        if (stored.State is null)
        {
            await Console.Error.WriteLineAsync($"conifer {command}: the store '{location.Display}' holds no deployed app, so there is no state.").ConfigureAwait(false);
            return null;
        }
        return new StateExport(stored.VersionId, stored.State);
    }
}
