using Conifer.Server.Admin.Health;
using Conifer.Server.Admin.Routes;
using Conifer.Server.Admin.StateBrowser;
using Conifer.Server.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Conifer.Server.Admin;

/// <summary>Builds the admin web server: its own URL, the password on every route but the health checks and the page's files, one handler per route.</summary>
internal static class AdminHost
{
    public static WebApplication Build(ServerOptions options, ProcessHolder holder)
    {
        var builder = Hosting.CreateBuilder(options.AdminUrls, options.MaxAdminBodyBytes);
        HealthEndpoints.AddTo(builder.Services, holder);
        ServerMetrics.AddTo(builder, options);
        var app = builder.Build();
        app.UseMiddleware<AdminAuthMiddleware>(new AdminCredentials(options.AdminPassword));
        var stateTrees = new StateTreeCache();
        app.Lifetime.ApplicationStopped.Register(stateTrees.Dispose);

        HealthEndpoints.Map(app);
        ServerMetrics.Map(app);
        app.MapMethods("/", ["GET", "HEAD"], AdminPageRoute.IndexAsync);
        app.MapMethods(PageAssets.Prefix + "{file}", ["GET", "HEAD"], (HttpContext c, string file) => AdminPageRoute.FileAsync(c, file));
        app.MapGet("/api/status", (HttpContext c) => StatusRoute.HandleAsync(c, holder));
        app.MapPost("/api/deploy", (HttpContext c) => DeployRoute.HandleAsync(c, holder));
        app.MapGet("/api/state", (HttpContext c) => GetStateRoute.HandleAsync(c, holder));
        app.MapGet("/api/state/node", (HttpContext c) => StateNodeRoute.HandleAsync(c, holder, stateTrees));
        app.MapPut("/api/state", (HttpContext c) => PutStateRoute.HandleAsync(c, holder));
        app.MapGet("/api/history", (HttpContext c) => HistoryRoute.HandleAsync(c, holder));
        app.MapGet("/api/reports/{id}", (HttpContext c) => ReportRoute.HandleAsync(c, holder));
        app.MapGet("/api/functions", (HttpContext c) => FunctionsRoute.ListAsync(c, holder));
        app.MapPost("/api/functions/{name}", (HttpContext c, string name) => FunctionsRoute.ApplyAsync(c, holder, name));
        app.MapGet("/api/backup", (HttpContext c) => BackupRoute.HandleAsync(c, holder));
        app.MapPost("/api/truncate", (HttpContext c) => TruncateRoute.HandleAsync(c, holder));
        app.MapPost("/api/eval", (HttpContext c) => EvalRoute.HandleAsync(c, holder));
        app.MapGet("/api/revert/{id}", (HttpContext c, string id) => RevertRoute.PreviewAsync(c, holder, id));
        app.MapPost("/api/revert/{id}", (HttpContext c, string id) => RevertRoute.RevertAsync(c, holder, id));
        return app;
    }
}
