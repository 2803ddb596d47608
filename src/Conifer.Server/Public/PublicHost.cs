using System.Collections.Immutable;
using Conifer.App;
using Conifer.Runtime.Public;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Conifer.Server.Public;

/// <summary>
/// Builds the public web server: every request, whatever its path, becomes an event for the app.
/// Nothing admin is reachable here.
/// </summary>
internal static class PublicHost
{
    public static WebApplication Build(ServerOptions options, ProcessHolder holder)
    {
        var app = Hosting.CreateBuilder(options.PublicUrls, options.MaxPublicBodyBytes).Build();
        app.Run(context => HandleAsync(context, holder));
        return app;
    }

    private static async Task HandleAsync(HttpContext context, ProcessHolder holder)
    {
        if (holder.Process is not { } process)
        {
            await Write(context, PublicResponse.Text(StatusCodes.Status503ServiceUnavailable, "The app is not running; see the admin interface.")).ConfigureAwait(false);
            return;
        }
        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await Write(context, PublicResponse.Text(StatusCodes.Status413PayloadTooLarge, "The request body is too large.")).ConfigureAwait(false);
            return;
        }
        var request = context.Request;
        var headers = request.Headers.SelectMany(h => h.Value.Select(v => new HttpHeader(h.Key, v ?? ""))).ToImmutableArray();
        var path = request.Path.ToString() + request.QueryString.ToString();
        var response = await process.HandleRequestAsync(new PublicRequest(request.Method, path, headers, ImmutableArray.Create(body)), context.RequestAborted).ConfigureAwait(false);
        await Write(context, response).ConfigureAwait(false);
    }

    private static Task Write(HttpContext context, PublicResponse response)
    {
        context.Response.StatusCode = response.StatusCode;
        foreach (var header in response.Headers)
        {
            context.Response.Headers.Append(header.Name, header.Value);
        }
        if (!context.Response.Headers.ContainsKey("Content-Type"))
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
        }
        return context.Response.Body.WriteAsync(response.Body.AsMemory(), context.RequestAborted).AsTask();
    }
}
