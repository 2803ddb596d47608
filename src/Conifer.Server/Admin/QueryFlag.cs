using Microsoft.AspNetCore.Http;

namespace Conifer.Server.Admin;

/// <summary>Reads boolean query flags: absent is false, a bare <c>?flag</c> is true, else true/false/1/0.</summary>
internal static class QueryFlag
{
    public static bool? Read(HttpContext context, string name)
    {
        if (!context.Request.Query.TryGetValue(name, out var values))
        {
            return false;
        }
        var value = values.ToString();
        return value.ToLowerInvariant() switch
        {
            "" or "true" or "1" => true,
            "false" or "0" => false,
            _ => null,
        };
    }
}
