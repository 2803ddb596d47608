using Microsoft.AspNetCore.Http;

namespace Conifer.Server.Admin.Routes;

/// <summary>
/// <c>GET /</c> and <c>GET /ui/{file}</c>: the admin web page (status, deploy history with reports, a
/// lazy state browser, a deploy form) from the files embedded in this assembly. Served without the
/// password because they hold no data; everything they show comes from the password-protected API.
/// </summary>
internal static class AdminPageRoute
{
    // The page runs only its own scripts and talks only to this server: a value in the state that
    // looks like markup cannot run, and no other site can frame the page.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
        "form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    public static Task IndexAsync(HttpContext context) => WriteAsync(context, PageAssets.Index);

    public static Task FileAsync(HttpContext context, string file) =>
        PageAssets.Find(file) is { } asset
            ? WriteAsync(context, asset)
            : Json.Error(context, StatusCodes.Status404NotFound, $"The admin page has no file '{file}'.");

    private static Task WriteAsync(HttpContext context, PageAsset asset)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // Revalidated on every load, so a server upgrade shows its page at once; unchanged files answer 304.
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        context.Response.ContentType = asset.ContentType;
        context.Response.ContentLength = asset.Content.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.Body.WriteAsync(asset.Content).AsTask();
    }
}
