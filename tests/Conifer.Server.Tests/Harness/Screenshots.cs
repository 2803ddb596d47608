using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Conifer.Server.Tests.Harness;

/// <summary>
/// Where a test's screenshots go: <c>$CONIFER_TEST_ARTIFACTS</c> when set, otherwise
/// <c>TestResults/screenshots</c> under the test project's output folder. Each path is printed.
/// </summary>
public sealed class Screenshots(string test, ITestOutputHelper output)
{
    public static string Directory { get; } = System.IO.Directory.CreateDirectory(
        Environment.GetEnvironmentVariable("CONIFER_TEST_ARTIFACTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots")).FullName;

    private int _count;

    public async Task TakeAsync(IPage page, string name)
    {
        var path = Path.Combine(Directory, $"{test}-{++_count:00}-{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
        Console.WriteLine($"screenshot: {path}");
    }
}
