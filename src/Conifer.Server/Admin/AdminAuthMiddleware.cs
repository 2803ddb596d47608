using Microsoft.AspNetCore.Http;

namespace Conifer.Server.Admin;

/// <summary>
/// Puts every admin route behind the admin password, except the health checks that load balancers
/// and supervisors call without credentials, and the admin page's own files (<c>GET /</c> and
/// <c>GET /ui/{file}</c> for a file the page has): they hold no data, and the page asks for the
/// password before it calls the API.
/// </summary>
internal sealed class AdminAuthMiddleware(RequestDelegate next, AdminCredentials credentials)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/health") || PageAssets.IsPagePath(context.Request.Method, context.Request.Path.Value ?? ""))
        {
            return next(context);
        }
        if (!credentials.IsConfigured)
        {
            return Json.Error(context, StatusCodes.Status403Forbidden,
                "The admin interface is not available because no admin password is configured. Start the server with --admin-password or CONIFER_ADMIN_PASSWORD.");
        }
        if (!credentials.Accepts(context.Request.Headers.Authorization))
        {
            // A browser answers a Basic challenge with its own password dialog. That helps someone who
            // opens an API URL directly, but the admin page's own fetches show their own message.
            var fetchMode = context.Request.Headers["Sec-Fetch-Mode"].ToString();
            if (fetchMode.Length == 0 || fetchMode == "navigate")
            {
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"conifer admin\", Bearer";
            }
            return Json.Error(context, StatusCodes.Status401Unauthorized,
                "The admin password is missing or wrong. Send it as HTTP Basic (any user name) or as a Bearer token.");
        }
        return next(context);
    }
}
