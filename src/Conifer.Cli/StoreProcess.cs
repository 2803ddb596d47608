using Conifer.Runtime;
using Conifer.Store.Exceptions;

namespace Conifer.Cli;

/// <summary>Opens a store directory no server holds as a <see cref="LiveProcess"/>, printing why when it cannot.</summary>
internal static class StoreProcess
{
    public static async Task<LiveProcess?> OpenAsync(string command, string storeDir, bool quiet = false)
    {
        if (FolderArgument.Problem(command, "store directory", storeDir) is { } problem)
        {
            await Console.Error.WriteLineAsync(problem).ConfigureAwait(false);
            return null;
        }
        try
        {
            var options = new RuntimeOptions { StoreDirectory = storeDir, ProverCommand = SelfCommand.Resolve() };
            return await ProgressDisplay.RestoreAsync(quiet, progress => LiveProcess.OpenAsync(options, progress)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ProcessRestoreException or UnauthorizedAccessException or StoreLockedException or StoreNotWritableException or StoreDataLossException or StoreCorruptException or StoreFormatVersionException)
        {
            await Console.Error.WriteLineAsync($"conifer {command}: cannot open the store '{storeDir}': {e.Message}").ConfigureAwait(false);
            return null;
        }
    }
}
