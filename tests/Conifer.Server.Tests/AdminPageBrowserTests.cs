using System.Text.Json;
using Conifer.Server.Tests.Harness;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Conifer.Server.Tests;

public class AdminPageBrowserTests(ITestOutputHelper output)
{
    private static string Hours(string version) => Path.Combine(RepoPaths.SampleApp("hours"), version);

    [Fact]
    public async Task A_person_signs_in_sees_two_deploys_opens_a_state_node_dry_runs_and_deploys_from_the_form_and_reverts()
    {
        using var temp = new TempDirectory();
        await using var server = await TestServer.StartAsync(temp.Sub("store"), deploy: Hours("v1"));
        await HoursData.BookAsync(server);
        var migrated = await server.DeployAsync(Hours("v2"));
        Assert.Equal("committed", migrated.GetProperty("outcome").GetString());
        var runningVersion = migrated.GetProperty("newVersionId").GetString()!;
        var upload = SourceZip.WriteFile(Hours("v3"), temp.Sub("hours-v3.zip"));
        var shots = new Screenshots("admin-page", output);
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync();

        // Signing in: a wrong password is refused with a message, the right one opens the page.
        await page.GotoAsync(server.AdminUrl + "/");
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("#login-form button[type=submit]");
        await Expect(page.Locator("#login-error")).ToHaveTextAsync("The admin password is wrong. Try again.");
        await shots.TakeAsync(page, "wrong-password");
        await page.FillAsync("#password", TestServer.Password);
        await page.ClickAsync("#login-form button[type=submit]");
        await Expect(page.Locator("#main")).ToBeVisibleAsync();
        await Expect(page.Locator("#status-version dd")).ToHaveTextAsync(runningVersion[..12]);
        using (var status = JsonDocument.Parse(await server.Admin.GetStringAsync("/api/status")))
        {
            await Expect(page.Locator("#status-events dd")).ToHaveTextAsync(status.RootElement.GetProperty("eventsLogged").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        await Expect(page.Locator("#status-list")).Not.ToContainTextAsync("null");

        // The history: the init on start and the migration to v2, newest first, each report viewable.
        var rows = page.Locator("#history-table tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToContainTextAsync("committed");
        await Expect(rows.Nth(0)).ToContainTextAsync("migrate");
        await Expect(rows.Nth(1)).ToContainTextAsync("committed");
        await Expect(rows.Nth(1)).ToContainTextAsync("init");
        await rows.Nth(0).GetByRole(AriaRole.Button, new() { Name = "View report" }).ClickAsync();
        var report = page.Locator("#history-report .report");
        await Expect(report).ToContainTextAsync("Steps");
        await Expect(report).ToContainTextAsync(runningVersion[..12]);
        await Expect(report.Locator(".steps tbody tr")).Not.ToHaveCountAsync(0);
        await shots.TakeAsync(page, "history-and-report");

        // The state browser: the root opens one level; a dict entry opens when asked.
        var users = page.Locator("li[data-path='$.Users']");
        await Expect(users.Locator("> .node-row")).ToContainTextAsync("dict · 2 entries");
        await users.Locator("> .node-row > button.toggle").ClickAsync();
        var alice = page.Locator("li[data-path='$.Users[\"alice\"]']");
        await Expect(alice).ToBeVisibleAsync();
        await alice.Locator("> .node-row > button.toggle").ClickAsync();
        await Expect(page.Locator("li[data-path='$.Users[\"alice\"].Name']")).ToContainTextAsync("\"alice\"");
        await Expect(page.Locator("li[data-path='$.Users[\"alice\"].Roles']")).ToContainTextAsync("list · 2 items");
        await page.Locator("li[data-path='$.Projects'] > .node-row > button.toggle").ClickAsync();
        await Expect(page.Locator("li[data-path='$.Projects[\"OPS\"]']")).ToContainTextAsync("<img src=x onerror=document.title='owned'>");
        Assert.Equal("Conifer admin", await page.TitleAsync());
        await shots.TakeAsync(page, "state-browser");

        // A path as reports print it opens that node directly; one that leaves the tree says why.
        await page.FillAsync("#state-path", "$.Users[\"root\"].Roles");
        await page.ClickAsync("#state-path-form button[type=submit]");
        await Expect(page.Locator("li[data-path='$.Users[\"root\"].Roles[2]']")).ToContainTextAsync("tagged Worker");
        await page.FillAsync("#state-path", "$.Users[\"bob\"]");
        await page.ClickAsync("#state-path-form button[type=submit]");
        await Expect(page.Locator("#state-error")).ToContainTextAsync("has no key \"bob\"");

        // The deploy form: a dry run of a zip shows its report, commits nothing, and enables Deploy.
        await page.SetInputFilesAsync("#deploy-file", upload);
        await page.ClickAsync("#deploy-dry-run");
        await Expect(page.Locator("#deploy-message")).ToHaveTextAsync("Dry run passed: nothing was committed. Deploy commits it.", new() { Timeout = 60_000 });
        await Expect(page.Locator("#deploy-report .report")).ToContainTextAsync("dry run passed");
        await Expect(page.Locator("#deploy-report .report")).ToContainTextAsync("Steps");
        await Expect(page.Locator("#deploy-commit")).ToBeEnabledAsync();
        await Expect(rows).ToHaveCountAsync(3);
        await shots.TakeAsync(page, "dry-run-report");

        using (var after = JsonDocument.Parse(await server.Admin.GetStringAsync("/api/status")))
        {
            Assert.Equal(runningVersion, after.RootElement.GetProperty("versionId").GetString());
        }

        // Deploy commits the file the dry run passed: a new committed row and the new version running.
        await page.ClickAsync("#deploy-commit");
        await Expect(page.Locator("#deploy-message")).ToContainTextAsync("Deployed as version", new() { Timeout = 60_000 });
        await Expect(rows).ToHaveCountAsync(4);
        await Expect(rows.Nth(0)).ToContainTextAsync("committed");
        using (var deployed = JsonDocument.Parse(await server.Admin.GetStringAsync("/api/status")))
        {
            Assert.NotEqual(runningVersion, deployed.RootElement.GetProperty("versionId").GetString());
        }

        // Reverting to the first deploy: the page names what it discards, asks, and the revert is a new deploy row.
        string? question = null;
        page.Dialog += async (_, dialog) =>
        {
            question = dialog.Message;
            await dialog.AcceptAsync();
        };
        await Expect(rows.Nth(0).GetByRole(AriaRole.Button, new() { Name = "Revert to" })).ToHaveCountAsync(0);
        await rows.Nth(3).GetByRole(AriaRole.Button, new() { Name = "Revert to" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(5, new() { Timeout = 60_000 });
        await Expect(rows.Nth(0)).ToContainTextAsync("revert");
        Assert.Contains("discards", question);
        Assert.Contains("Revert to deploy record 1", question);
        using var reverted = JsonDocument.Parse(await server.Admin.GetStringAsync("/api/status"));
        var initVersion = migrated.GetProperty("previousVersionId").GetString()!;
        Assert.Equal(initVersion, reverted.RootElement.GetProperty("versionId").GetString());
        await Expect(page.Locator("#status-version dd")).ToHaveTextAsync(initVersion[..12]);
        await shots.TakeAsync(page, "reverted");
    }
}
