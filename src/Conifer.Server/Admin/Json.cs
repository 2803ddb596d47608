using System.Text.Json;
using Conifer.Runtime.Reports;
using Microsoft.AspNetCore.Http;

namespace Conifer.Server.Admin;

/// <summary>Writes the admin API's JSON responses in one shape: camelCase, enums as strings.</summary>
internal static class Json
{
    public static async Task Write<T>(HttpContext context, int status, T body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, body, ReportJson.Options).ConfigureAwait(false);
    }

    public static Task Error(HttpContext context, int status, string error) =>
        Write(context, status, new ErrorBody(error));

    public static Task RawJson(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(json);
    }

    public sealed record ErrorBody(string Error);
}
