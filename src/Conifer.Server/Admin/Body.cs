using Microsoft.AspNetCore.Http;

namespace Conifer.Server.Admin;

/// <summary>Reads an admin request body into memory; Kestrel's body-size limit answers 413 past it.</summary>
internal static class Body
{
    public static async Task<byte[]?> ReadAsync(HttpContext context)
    {
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            return buffer.ToArray();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await Json.Error(context, StatusCodes.Status413PayloadTooLarge, "The request body is larger than the admin interface accepts.").ConfigureAwait(false);
            return null;
        }
    }
}
