using System.Net;
using System.Text.Json;
using Conifer.Server.Tests.Harness;

namespace Conifer.Server.Tests;

public class StateNodeRouteTests(HoursServerFixture fixture) : IClassFixture<HoursServerFixture>
{
    private TestServer Server => fixture.Server;

    private async Task<(HttpStatusCode Status, JsonElement Body)> NodeAsync(string query)
    {
        using var response = await Server.Admin.GetAsync("/api/state/node" + query);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static string[] Labels(JsonElement node) => [.. node.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("label").GetString()!)];

    [Fact]
    public async Task The_root_answers_its_kind_count_and_one_level_of_children()
    {
        var (status, root) = await NodeAsync("");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("$", root.GetProperty("path").GetString());
        Assert.Equal("record", root.GetProperty("kind").GetString());
        Assert.Equal(5, root.GetProperty("count").GetInt32());
        Assert.Equal(["Users", "Projects", "Entries", "Sessions", "NextEntryId"], Labels(root));
        var users = root.GetProperty("children")[0];
        Assert.Equal("$.Users", users.GetProperty("path").GetString());
        Assert.Equal("dict", users.GetProperty("kind").GetString());
        Assert.Equal(2, users.GetProperty("count").GetInt32());
        var next = root.GetProperty("children")[4];
        Assert.Equal("int", next.GetProperty("kind").GetString());
        Assert.Equal("2", next.GetProperty("preview").GetString());
        Assert.Equal(JsonValueKind.Null, next.GetProperty("count").ValueKind);
    }

    [Fact]
    public async Task Long_children_lists_come_in_pages_and_child_paths_open_the_child()
    {
        var (_, first) = await NodeAsync("?path=$.Users&limit=1");
        var (_, second) = await NodeAsync("?path=$.Users&offset=1&limit=1");
        var (_, past) = await NodeAsync("?path=$.Users&offset=5&limit=1");

        Assert.Equal(2, first.GetProperty("count").GetInt32());
        Assert.Equal(["\"alice\""], Labels(first));
        Assert.Equal(["\"root\""], Labels(second));
        Assert.Empty(Labels(past));
        var rootPath = second.GetProperty("children")[0].GetProperty("path").GetString()!;
        Assert.Equal("$.Users[\"root\"]", rootPath);

        var (status, roles) = await NodeAsync("?path=" + Uri.EscapeDataString(rootPath + ".Roles"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("list", roles.GetProperty("kind").GetString());
        Assert.Equal(["0", "1", "2"], Labels(roles));
        var admin = roles.GetProperty("children")[0];
        Assert.Equal("tagged", admin.GetProperty("kind").GetString());
        Assert.Equal("Admin", admin.GetProperty("tag").GetString());
        Assert.Equal("$.Users[\"root\"].Roles[0]", admin.GetProperty("path").GetString());

        var (_, name) = await NodeAsync("?path=" + Uri.EscapeDataString("$.Users[\"alice\"].Name"));
        Assert.Equal("string", name.GetProperty("kind").GetString());
        Assert.Equal("\"alice\"", name.GetProperty("value").GetString());
    }

    [Theory]
    [InlineData("$.Users[\"nobody\"]", "the dict at $.Users (2 entries) has no key \"nobody\"")]
    [InlineData("$.Nope", "the record at $ has no field 'Nope' (its fields: Users, Projects, Entries, Sessions, NextEntryId)")]
    [InlineData("$.Entries[7]", "the list at $.Entries has 1 item(s), so there is no item [7]")]
    [InlineData("$.NextEntryId.Value", "$.NextEntryId is an int, which has no field 'Value'")]
    public async Task An_unknown_path_answers_404_naming_what_is_missing(string path, string reason)
    {
        var (status, body) = await NodeAsync("?path=" + Uri.EscapeDataString(path));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal($"The state has no node at {path}: {reason}.", body.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("?path=Users", "'Users' is not a state path: A path starts at the root '$'")]
    [InlineData("?path=%24.Users%5B%22a", "is not closed by a matching ']'")]
    [InlineData("?limit=0", "limit one from 1 to 1000")]
    [InlineData("?offset=-1", "offset must be a whole number")]
    public async Task Malformed_paths_and_paging_answer_400(string query, string message)
    {
        var (status, body) = await NodeAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(message, body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_node_route_needs_the_password()
    {
        using var anonymous = await Server.Anonymous.GetAsync("/api/state/node?path=$.Users");
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/state/node");
        wrong.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "nope");
        using var wrongResponse = await Server.Anonymous.SendAsync(wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
        Assert.DoesNotContain("alice", await anonymous.Content.ReadAsStringAsync());
    }
}
