namespace Conifer.Server.Admin;

/// <summary>One file of the admin web page, held in memory with what its response needs.</summary>
/// <param name="Name">The file name under <c>Admin/Page/</c>.</param>
/// <param name="ContentType">The media type with its charset.</param>
/// <param name="Content">The file's bytes.</param>
/// <param name="ETag">A strong validator over the bytes, so a browser revalidates instead of downloading again.</param>
internal sealed record PageAsset(string Name, string ContentType, byte[] Content, string ETag);
