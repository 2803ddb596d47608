using Conifer.Runtime;
using Conifer.Store.Locations;

namespace Conifer.Cli;

/// <summary>Opens a store no server holds (a folder or a database) as a <see cref="LiveProcess"/>, printing why when it cannot.</summary>
internal static class StoreProcess
{
    public static async Task<LiveProcess?> OpenAsync(string command, string storeDir, bool quiet = false)
    {
        if (await StoreArgument.ParseAsync(command, storeDir).ConfigureAwait(false) is not { } location)
        {
            return null;
        }
        if (location is FolderLocation && FolderArgument.Problem(command, "store directory", storeDir) is { } problem)
        {
            await Console.Error.WriteLineAsync(problem).ConfigureAwait(false);
            return null;
        }
        try
        {
            var options = new RuntimeOptions { Location = location, ProverCommand = SelfCommand.Resolve() };
            return await ProgressDisplay.RestoreAsync(quiet, progress => LiveProcess.OpenAsync(options, progress)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ProcessRestoreException || StoreArgument.IsStoreProblem(e))
        {
            await Console.Error.WriteLineAsync(StoreArgument.Describe(command, location.Display, e)).ConfigureAwait(false);
            return null;
        }
    }
}
