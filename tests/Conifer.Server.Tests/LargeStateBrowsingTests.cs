using System.Net;
using System.Text;
using System.Text.Json;
using Conifer.Server.Tests.Harness;

namespace Conifer.Server.Tests;

public class LargeStateBrowsingTests
{
    [Fact]
    public async Task A_large_state_is_browsed_a_page_at_a_time_without_sending_the_whole_state()
    {
        using var temp = new TempDirectory();
        await using var server = await TestServer.StartAsync(temp.Sub("store"), deploy: Path.Combine(RepoPaths.SampleApp("hours"), "v1"));
        const int sessions = 50_000;
        var state = new StringBuilder("""{"Users": {"$dict": []}, "Projects": {"$dict": []}, "Entries": [], "Sessions": {"$dict": [""");
        for (var i = 0; i < sessions; i++)
        {
            state.Append(i == 0 ? "" : ",").Append($"[\"s{i:D6}\", \"user-{i % 97}\"]");
        }
        state.Append("]}, \"NextEntryId\": 1}");
        using (var put = await server.Admin.PutAsync("/api/state", new StringContent(state.ToString())))
        {
            Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        }

        using var page = await server.Admin.GetAsync("/api/state/node?path=$.Sessions&offset=40000&limit=50");
        var pageBytes = (await page.Content.ReadAsByteArrayAsync()).Length;
        var whole = (await server.Admin.GetByteArrayAsync("/api/state")).Length;

        using var node = JsonDocument.Parse(await page.Content.ReadAsStringAsync());
        Assert.Equal(sessions, node.RootElement.GetProperty("count").GetInt32());
        var children = node.RootElement.GetProperty("children").EnumerateArray().ToList();
        Assert.Equal(50, children.Count);
        Assert.Equal("\"s040000\"", children[0].GetProperty("label").GetString());
        Assert.Equal("$.Sessions[\"s040049\"]", children[^1].GetProperty("path").GetString());
        Assert.Equal("\"user-85\"", children[^1].GetProperty("preview").GetString());
        Assert.True(pageBytes * 100 < whole, $"a page of 50 children took {pageBytes} bytes, the whole state {whole}");
    }
}
