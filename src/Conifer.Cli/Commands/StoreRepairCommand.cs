using System.CommandLine;
using Conifer.Store;
using Conifer.Store.Exceptions;

namespace Conifer.Cli.Commands;

/// <summary>
/// <c>conifer store repair DIR [--accept-data-loss]</c>: opens a store no server holds the way a server would (cuts a
/// torn tail, skips a damaged snapshot), prints every repair, and closes it. A log that ends before the high-water
/// mark is refused unless <c>--accept-data-loss</c> says to cut it there.
/// </summary>
internal static class StoreRepairCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "A store folder no server holds (not a database: its transactions leave no torn tail to cut)." };
        var accept = new Option<bool>("--accept-data-loss")
        {
            Description = "Cut a log that ends before its high-water mark there, losing acknowledged records (recorded in the store's history).",
        };
        var command = new Command("repair", "Make the repairs an open makes (cut a torn tail), and with --accept-data-loss accept lost records.") { dir, accept };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (await StoreArgument.FolderOnlyAsync("store repair", result.GetValue(dir)!, "repair cuts a torn tail of a folder's log files; a database's transactions leave none.").ConfigureAwait(false) is not { } target)
            {
                return ExitCodes.UsageOrConnection;
            }
            if (!Directory.Exists(target))
            {
                await Console.Error.WriteLineAsync($"conifer store repair: the store directory '{target}' does not exist.").ConfigureAwait(false);
                return ExitCodes.UsageOrConnection;
            }
            FileProcessStore store;
            try
            {
                store = FileProcessStore.Open(target, new StoreOptions { AcceptDataLoss = result.GetValue(accept) });
            }
            catch (StoreDataLossException e)
            {
                await Console.Error.WriteLineAsync($"conifer store repair: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Rejected;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or StoreLockedException or StoreNotWritableException or StoreCorruptException or StoreFormatVersionException)
            {
                await Console.Error.WriteLineAsync($"conifer store repair: cannot open the store '{target}': {e.Message}").ConfigureAwait(false);
                return ExitCodes.UsageOrConnection;
            }
            await using (store.ConfigureAwait(false))
            {
                var repairs = store.Recovery.Repairs;
                foreach (var repair in repairs)
                {
                    Console.WriteLine($"Repaired: {repair}.");
                }
                Console.WriteLine(repairs.Count == 0
                    ? $"Nothing to repair: the log ends cleanly at record {store.Recovery.LastSequence}."
                    : $"The log now ends at record {store.Recovery.LastSequence}; 'conifer history {target}' keeps these repairs.");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
