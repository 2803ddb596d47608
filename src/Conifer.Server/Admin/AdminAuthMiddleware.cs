using Microsoft.AspNetCore.Http;

namespace Conifer.Server.Admin;

/// <summary>
/// Puts every admin route behind the admin password, except the health checks that load balancers
/// and supervisors call without credentials.
/// </summary>
internal sealed class AdminAuthMiddleware(RequestDelegate next, AdminCredentials credentials)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/health"))
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
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"conifer admin\", Bearer";
            return Json.Error(context, StatusCodes.Status401Unauthorized,
                "The admin password is missing or wrong. Send it as HTTP Basic (any user name) or as a Bearer token.");
        }
        return next(context);
    }
}
