using Conifer.Runtime.Admin;
using Microsoft.AspNetCore.Http;

namespace Conifer.Server.Admin;

/// <summary>The HTTP status of an admin call's outcome: 200 when it ran, a 4xx (or 503) naming why it changed nothing.</summary>
internal static class AdminCallStatus
{
    public static int Of(AdminCallResult result) => result switch
    {
        AdminCallResult.Refused { Reason: AdminRefusal.UnknownFunction } => StatusCodes.Status404NotFound,
        AdminCallResult.Refused { Reason: AdminRefusal.BadArguments or AdminRefusal.NotAnUpdate } => StatusCodes.Status400BadRequest,
        AdminCallResult.Refused { Reason: AdminRefusal.NoApp } => StatusCodes.Status503ServiceUnavailable,
        AdminCallResult.Refused => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status200OK,
    };
}
