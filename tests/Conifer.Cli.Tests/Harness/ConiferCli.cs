using System.Diagnostics;

namespace Conifer.Cli.Tests.Harness;

/// <summary>Runs the real <c>conifer</c> CLI as a child process.</summary>
public static class ConiferCli
{
    public static ProcessStartInfo StartInfo(IEnumerable<string> args, string? password = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.ArgumentList.Add(RepoPaths.CliDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        if (password is not null)
        {
            info.Environment["CONIFER_ADMIN_PASSWORD"] = password;
        }
        return info;
    }

    public static async Task<CliResult> RunAsync(params string[] args) => await RunWithPasswordAsync(null, args);

    public static async Task<CliResult> RunWithPasswordAsync(string? password, params string[] args) => await RunAsync(StartInfo(args, password), args);

    /// <summary>Runs the CLI with <paramref name="environment"/> added to the test's own environment.</summary>
    public static async Task<CliResult> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = StartInfo(args);
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        return await RunAsync(info, args);
    }

    private static async Task<CliResult> RunAsync(ProcessStartInfo info, string[] args)
    {
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"conifer {string.Join(' ', args)} did not finish within 3 minutes.");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
