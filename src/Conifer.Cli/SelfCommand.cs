using System.Collections.Immutable;
using System.Reflection;

namespace Conifer.Cli;

/// <summary>How to start this very program again (for the deploy's proving child process).</summary>
internal static class SelfCommand
{
    public static ImmutableArray<string> Resolve()
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var entry = Assembly.GetEntryAssembly()!.Location;
        // Run as `dotnet conifer.dll`, the host is dotnet and needs the assembly; as the apphost
        // (`conifer`, a .NET tool), the host is the program itself.
        return Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? [host, entry]
            : [host];
    }
}
