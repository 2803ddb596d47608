using System.CommandLine;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conifer.Runtime.Admin;
using Conifer.Values;
using Conifer.Values.Codecs;

namespace Conifer.Cli.Commands;

/// <summary><c>conifer apply-function NAME ARGS HOST [--commit]</c>: run an admin function, a dry run unless committed.</summary>
internal static class ApplyFunctionCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The admin function (a public static method of Backend.AdminFunctions)." };
        var args = new Argument<string>("ARGS") { Description = "A JSON array with one value per parameter (the state parameter excluded), e.g. '[4567]'." };
        var host = new Argument<string>("HOST") { Description = "A running server's admin URL, or " + StoreArgument.Help + " no server holds." };
        var commit = new Option<bool>("--commit") { Description = "Apply an update as one logged event (default: a dry run that changes nothing)." };
        var password = CommonOptions.AdminPassword();
        var json = CommonOptions.Json();
        var command = new Command("apply-function", "Run an admin function on the live state: a dry run by default, --commit to apply an update.")
        {
            name, args, host, commit, password, json,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var target = result.GetValue(host)!;
            var functionName = result.GetValue(name)!;
            var argumentText = result.GetValue(args)!;
            Value.List arguments;
            try
            {
                arguments = ValueJsonCodec.Parse(argumentText, ValueLimits.UntrustedData) as Value.List
                    ?? throw new ValueFormatException(0, "expected a JSON array");
            }
            catch (ValueFormatException e)
            {
                await Console.Error.WriteLineAsync($"conifer apply-function: ARGS must be a JSON array of arguments, e.g. '[4567]': {e.Message}").ConfigureAwait(false);
                return ExitCodes.UsageOrConnection;
            }
            JsonObject? document;
            if (CommonOptions.IsUrl(target))
            {
                using var admin = new AdminClient(target, CommonOptions.ResolvePassword(result, password));
                using var content = new StringContent(argumentText, Encoding.UTF8, "application/json");
                var url = $"api/functions/{Uri.EscapeDataString(functionName)}?commit={(result.GetValue(commit) ? "true" : "false")}";
                document = await ReadOutcomeAsync("apply-function", await admin.SendAsync(HttpMethod.Post, url, content, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            }
            else
            {
                if (await StoreProcess.OpenAsync("apply-function", target, result.GetValue(json)).ConfigureAwait(false) is not { } process)
                {
                    return ExitCodes.UsageOrConnection;
                }
                await using (process.ConfigureAwait(false))
                {
                    document = AdminCallJson.Of(await process.ApplyFunctionAsync(functionName, arguments.Items, result.GetValue(commit), cancellationToken).ConfigureAwait(false));
                }
            }
            return document is null ? ExitCodes.UsageOrConnection : AdminCallPrinter.Print("apply-function", document, result.GetValue(json));
        });
        return command;
    }

    /// <summary>The admin call document of a server answer, or null after printing why there is none.</summary>
    internal static async Task<JsonObject?> ReadOutcomeAsync(string command, (HttpStatusCode Status, string Text)? answer)
    {
        if (answer is not { } ok)
        {
            return null;
        }
        try
        {
            if (JsonNode.Parse(ok.Text) is JsonObject document && document.ContainsKey("outcome"))
            {
                return document;
            }
        }
        catch (JsonException)
        {
        }
        await Console.Error.WriteLineAsync($"conifer {command}: the server answered {(int)ok.Status}: {AdminClient.ErrorOf(ok.Text)}").ConfigureAwait(false);
        return null;
    }
}
