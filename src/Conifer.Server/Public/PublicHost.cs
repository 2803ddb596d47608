using System.Collections.Immutable;
using System.Runtime.InteropServices;
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
            await Write(context, NotServing.For(holder)).ConfigureAwait(false);
            return;
        }
        byte[] body;
        try
        {
            body = await ReadBodyAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            var text = e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : $"The request is malformed: {e.Message}";
            await Write(context, PublicResponse.Text(e.StatusCode, text)).ConfigureAwait(false);
            return;
        }
        catch (EndOfStreamException)
        {
            await Write(context, PublicResponse.Text(StatusCodes.Status400BadRequest, "The request body ended before its declared length.")).ConfigureAwait(false);
            return;
        }
        var request = context.Request;
        var headers = ImmutableArray.CreateBuilder<HttpHeader>(request.Headers.Count);
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                headers.Add(new HttpHeader(name, value ?? ""));
            }
        }
        var path = request.QueryString.HasValue ? request.Path.ToString() + request.QueryString.ToString() : request.Path.ToString();
        // The body array is never written again, so it becomes the event's immutable body without a copy.
        var publicRequest = new PublicRequest(request.Method, path, headers.DrainToImmutable(), ImmutableCollectionsMarshal.AsImmutableArray(body));
        var response = await process.HandleRequestAsync(publicRequest, context.RequestAborted).ConfigureAwait(false);
        await Write(context, response).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length and <= int.MaxValue)
        {
            // Kestrel has already checked the declared length against the body-size limit.
            var exact = new byte[length];
            await request.Body.ReadExactlyAsync(exact, cancellationToken).ConfigureAwait(false);
            return exact;
        }
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
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
