using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Conifer.Runtime.Admin;

namespace Conifer.Cli.Commands;

/// <summary><c>conifer eval HOST|DIR 'EXPR' [--commit]</c>: a C# expression over the live state, read-only unless committed.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var host = new Argument<string>("HOST") { Description = "A running server's admin URL, or " + StoreArgument.Help + " no server holds." };
        var expression = new Argument<string>("EXPR") { Description = "A C# expression over state, with the app's types in scope, e.g. 'state.Users.Count'." };
        var commit = new Option<bool>("--commit") { Description = "The expression returns the new State; apply it as one logged event (replay runs the script again)." };
        var password = CommonOptions.AdminPassword();
        var json = CommonOptions.Json();
        var command = new Command("eval", "Evaluate a C# expression on the live state and print the result as JSON; --commit applies a new State.")
        {
            host, expression, commit, password, json,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var target = result.GetValue(host)!;
            var source = result.GetValue(expression)!;
            JsonObject? document;
            if (CommonOptions.IsUrl(target))
            {
                using var admin = new AdminClient(target, CommonOptions.ResolvePassword(result, password));
                using var content = new StringContent(source, Encoding.UTF8, "text/plain");
                var url = $"api/eval?commit={(result.GetValue(commit) ? "true" : "false")}";
                document = await ApplyFunctionCommand.ReadOutcomeAsync("eval", await admin.SendAsync(HttpMethod.Post, url, content, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            }
            else
            {
                if (await StoreProcess.OpenAsync("eval", target, result.GetValue(json)).ConfigureAwait(false) is not { } process)
                {
                    return ExitCodes.UsageOrConnection;
                }
                await using (process.ConfigureAwait(false))
                {
                    document = AdminCallJson.Of(await process.EvalAsync(source, result.GetValue(commit), cancellationToken).ConfigureAwait(false));
                }
            }
            return document is null ? ExitCodes.UsageOrConnection : AdminCallPrinter.Print("eval", document, result.GetValue(json));
        });
        return command;
    }
}
