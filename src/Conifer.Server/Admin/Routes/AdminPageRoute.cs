using System.Net;
using Microsoft.AspNetCore.Http;

namespace Conifer.Server.Admin.Routes;

/// <summary><c>GET /</c>: a small status page for people (the JSON routes carry the details).</summary>
internal static class AdminPageRoute
{
    public static Task HandleAsync(HttpContext context, ProcessHolder holder)
    {
        var process = holder.Process;
        var deploys = process?.Reports.All() ?? [];
        var rows = string.Concat(deploys.Reverse().Take(50).Select(r =>
            $"<tr><td>{r.BeganAt:u}</td><td>{r.Outcome}</td><td>{r.Mode}</td><td><code>{Short(r.NewVersionId)}</code></td>" +
            $"<td>{r.PauseMilli:0.0} ms</td><td>{WebUtility.HtmlEncode(r.Error ?? "")}</td></tr>"));
        var html = $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Conifer admin</title>
            <style>body{"{"}font-family:system-ui,sans-serif;margin:2rem{"}"}td,th{"{"}padding:.2rem .6rem;text-align:left{"}"}</style></head>
            <body><h1>Conifer</h1>
            <p>Status: <b>{holder.Status}</b> · version <code>{Short(process?.VersionId)}</code> · record {process?.LastSequence} · up since {holder.StartedAt:u}</p>
            {(holder.Error is { } error ? $"<p><b>Error:</b> {WebUtility.HtmlEncode(error)}</p>" : "")}
            <h2>Deploys</h2>
            <table><tr><th>began</th><th>outcome</th><th>mode</th><th>version</th><th>pause</th><th>error</th></tr>{rows}</table>
            <p>JSON: <a href="api/status">status</a> · <a href="api/history">history</a> · <a href="api/state">state</a></p>
            </body></html>
            """;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(html);
    }

    private static string Short(string? versionId) => versionId is null ? "(none)" : versionId[..Math.Min(12, versionId.Length)];
}
