using System.CommandLine;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conifer.Runtime.Admin;

namespace Conifer.Cli.Commands;

/// <summary><c>conifer list-functions HOST [--json]</c>: the running version's admin functions.</summary>
internal static class ListFunctionsCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var host = new Argument<string>("HOST") { Description = "A running server's admin URL, or " + StoreArgument.Help + " no server holds." };
        var password = CommonOptions.AdminPassword();
        var json = CommonOptions.Json();
        var command = new Command("list-functions", "List the admin functions of the running version: parameters, return type, update or read.")
        {
            host, password, json,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var target = result.GetValue(host)!;
            JsonArray functions;
            if (CommonOptions.IsUrl(target))
            {
                using var admin = new AdminClient(target, CommonOptions.ResolvePassword(result, password));
                if (await admin.SendAsync(HttpMethod.Get, "api/functions", null, cancellationToken).ConfigureAwait(false) is not { } answer)
                {
                    return ExitCodes.UsageOrConnection;
                }
                if (answer.Status != HttpStatusCode.OK)
                {
                    await Console.Error.WriteLineAsync($"conifer list-functions: the server answered {(int)answer.Status}: {AdminClient.ErrorOf(answer.Text)}").ConfigureAwait(false);
                    return ExitCodes.UsageOrConnection;
                }
                functions = JsonNode.Parse(answer.Text)!.AsArray();
            }
            else
            {
                if (await StoreProcess.OpenAsync("list-functions", target, result.GetValue(json)).ConfigureAwait(false) is not { } process)
                {
                    return ExitCodes.UsageOrConnection;
                }
                await using (process.ConfigureAwait(false))
                {
                    functions = AdminCallJson.Functions(process.AdminFunctions);
                }
            }
            if (result.GetValue(json))
            {
                Console.WriteLine(functions.ToJsonString(Indented));
                return ExitCodes.Success;
            }
            if (functions.Count == 0)
            {
                Console.WriteLine("The running version has no admin functions (add public static methods to Backend/AdminFunctions.cs).");
            }
            foreach (var function in functions)
            {
                var parameters = function!["parameters"]!.AsArray()
                    .Select(p => $"{p!["type"]!.GetValue<string>()} {p["name"]!.GetValue<string>()}{(p["isState"]!.GetValue<bool>() ? " (state)" : "")}");
                Console.WriteLine($"{function["name"]}({string.Join(", ", parameters)}) -> {function["returnType"]}  [{function["kind"]}]");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
