using System.Diagnostics;

namespace Conifer.Cli.Tests.Harness;

/// <summary>Runs another program (dotnet, an installed tool) to completion in a folder, with a time limit.</summary>
public static class ExternalProcess
{
    public static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        // The test host runs under MSBuild's environment; a child build must not inherit its paths.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k == "DOTNET_HOST_PATH").ToList())
        {
            info.Environment.Remove(name);
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        return info;
    }

    public static async Task<CliResult> RunAsync(string fileName, IEnumerable<string> args, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = StartInfo(fileName, args, workingDirectory, environment);
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish within {timeout}.");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
