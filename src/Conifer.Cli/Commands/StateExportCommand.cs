using System.CommandLine;
using Conifer.Runtime.Rehearsal;

namespace Conifer.Cli.Commands;

/// <summary>
/// <c>conifer state export HOST|DIR [--format json|msgpack] [--out FILE]</c>: the current state,
/// stamped with the version id it belongs to (see <see cref="StateExport"/>). A store directory is
/// read without its lock and never written, so this works while a server owns it.
/// </summary>
internal static class StateExportCommand
{
    public static Command Create()
    {
        var host = new Argument<string>("HOST") { Description = "A running server's admin URL, or " + StoreArgument.Help + "." };
        var format = new Option<string?>("--format") { Description = "json or msgpack (default: msgpack for an --out ending in .cvt, json otherwise)." };
        format.AcceptOnlyFromAmong("json", "msgpack");
        var output = new Option<string?>("--out") { Description = "The file to write (default: standard output)." };
        var password = CommonOptions.AdminPassword();
        var json = CommonOptions.Json();
        var command = new Command("export", "Write the current state, stamped with its app version id.")
        {
            host, format, output, password, json,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var target = result.GetValue(host)!;
            var export = await StateSources.ReadAsync("state export", null, target, null, CommonOptions.ResolvePassword(result, password), cancellationToken).ConfigureAwait(false);
            if (export is null)
            {
                return ExitCodes.UsageOrConnection;
            }
            var outPath = result.GetValue(output);
            var msgpack = result.GetValue(format) is { } chosen ? chosen == "msgpack" : outPath is not null && StateExport.IsMessagePackPath(outPath);
            var bytes = msgpack ? export.ToMessagePack() : export.ToJson();
            if (outPath is null)
            {
                using var stdout = Console.OpenStandardOutput();
                await stdout.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                if (!msgpack)
                {
                    await stdout.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                }
                return ExitCodes.Success;
            }
            await File.WriteAllBytesAsync(outPath, bytes, cancellationToken).ConfigureAwait(false);
            if (result.GetValue(json))
            {
                JsonOutput.Write(new() { ["file"] = outPath, ["versionId"] = export.VersionId, ["bytes"] = bytes.Length, ["format"] = msgpack ? "msgpack" : "json" });
            }
            else
            {
                Console.WriteLine($"Exported the state of version {Short(export.VersionId)} to {outPath} ({bytes.Length} bytes, {(msgpack ? "msgpack" : "json")}).");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Short(string? id) => id is null ? "(unknown)" : id[..Math.Min(12, id.Length)];
}
