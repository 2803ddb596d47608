using System.Collections.Immutable;
using System.Text;
using Conifer.App;
using Conifer.Compiler;
using Conifer.Runtime;
using Conifer.Runtime.Deploy;
using Conifer.Runtime.Public;
using Conifer.Runtime.Reports;

namespace Conifer.Cli.Tests.Determinism;

/// <summary>Records a short event log for an app: a store with its Init deploy and a few requests, written by the real runtime.</summary>
public static class RecordedStores
{
    /// <summary>The requests every recorded app receives: text that a locale, a time zone or a hash order would read differently.</summary>
    public static ImmutableArray<(string Method, string Path, string Body)> Requests { get; } =
    [
        ("POST", "/", "3"),
        ("POST", "/words", "Iİıi straße 1,5 b a c a"),
        ("POST", "/when", "2024-03-10T02:30:00+13:45"),
        ("GET", "/", ""),
        ("POST", "/", "x"),
        ("POST", "/", "-2"),
    ];

    public static async Task RecordAsync(AppSource app, string store)
    {
        await using var process = await LiveProcess.OpenAsync(new RuntimeOptions { StoreDirectory = store });
        var deploy = await process.DeployAsync(app, DeployMode.Init, dryRun: false);
        Assert.True(deploy.Outcome == DeployOutcome.Committed, $"{store}: {ReportJson.Write(deploy)}");
        foreach (var (method, path, body) in Requests)
        {
            await process.HandleRequestAsync(new PublicRequest(method, path, [], [.. Encoding.UTF8.GetBytes(body)]));
        }
        // The hours apps answer only a logged-in user: log in as their initial user and book something.
        var login = await process.HandleRequestAsync(new PublicRequest("POST", "/login", [], [.. "root:welcome"u8]));
        ImmutableArray<HttpHeader> bearer = [new HttpHeader("Authorization", "Bearer " + login.BodyText)];
        await process.HandleRequestAsync(new PublicRequest("POST", "/projects", bearer, [.. "WEB:Web shop"u8]));
        await process.HandleRequestAsync(new PublicRequest("POST", "/entries", bearer, [.. "WEB:2026-11-02:90:checkout page"u8]));
    }
}
