namespace Conifer.Server.Tests.Harness;

/// <summary>Books a little data into the hours sample through its public API: a second user, two projects (one titled with markup), an entry.</summary>
public static class HoursData
{
    public static async Task BookAsync(TestServer server)
    {
        var root = await server.SendPublicAsync(HttpMethod.Post, "/login", "root:welcome");
        await server.SendPublicAsync(HttpMethod.Post, "/users", "alice:alice-pw:Worker,Manager", root);
        var alice = await server.SendPublicAsync(HttpMethod.Post, "/login", "alice:alice-pw");
        await server.SendPublicAsync(HttpMethod.Post, "/projects", "WEB:Web shop", alice);
        // Markup in the state: the admin page must show it as text.
        await server.SendPublicAsync(HttpMethod.Post, "/projects", "OPS:<img src=x onerror=document.title='owned'>", alice);
        await server.SendPublicAsync(HttpMethod.Post, "/entries", "WEB:2026-11-02:90:checkout page", alice);
    }
}
