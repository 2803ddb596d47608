using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conifer.Server;

/// <summary>The Kestrel setup both servers share.</summary>
internal static class Hosting
{
    public static WebApplicationBuilder CreateBuilder(string urls, long maxBodyBytes)
    {
        // The content root is pinned to the install folder and configuration is not reloaded: the
        // default watches the working directory recursively, and a store under it (./conifer-store)
        // would wake that watcher on every append.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        // "Hosting failed to start" (a port in use) would print the whole stack trace; the exception
        // reaches the caller, whose message says which port and what to do.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.WebHost.UseUrls(urls.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = maxBodyBytes;
            kestrel.AddServerHeader = false;
        });
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        return builder;
    }
}
