using System.Net;
using System.Net.Sockets;
using Conifer.Cli.Tests.Harness;

namespace Conifer.Cli.Tests;

/// <summary>The exact text a user sees when a command line, a host, a password or a port is wrong.</summary>
public class CliMessageTests
{
    private const string PasswordHint = "Give the server's admin password with --admin-password or the CONIFER_ADMIN_PASSWORD environment variable.";

    [Fact]
    public async Task A_mistyped_command_is_answered_with_the_closest_command()
    {
        var result = await ConiferCli.RunAsync("deplyo", "app", "127.0.0.1:4000");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.StdOut);
        Assert.Equal("conifer: unknown command 'deplyo'. Did you mean 'deploy'?\nRun 'conifer --help' for usage.\n", result.StdErr);
    }

    [Fact]
    public async Task A_mistyped_subcommand_or_option_is_answered_with_the_closest_one_where_it_was_typed()
    {
        var subcommand = await ConiferCli.RunAsync("migrate", "tset", "app");
        var option = await ConiferCli.RunAsync("deploy", "app", "127.0.0.1:4000", "--dry-rn");

        Assert.Equal("conifer: unknown command 'tset'. Did you mean 'test'?\nRun 'conifer migrate --help' for usage.\n", subcommand.StdErr);
        Assert.Equal(2, option.ExitCode);
        Assert.Equal("conifer: unknown option '--dry-rn'. Did you mean '--dry-run'?\nRun 'conifer deploy --help' for usage.\n", option.StdErr);
    }

    [Fact]
    public async Task A_host_without_a_scheme_is_an_http_admin_url()
    {
        using var temp = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: RepoPaths.SampleApp("counter"));
        var host = server.AdminUrl["http://".Length..];

        var history = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "history", host);

        Assert.Equal(0, history.ExitCode);
        Assert.Matches(@"(?m)^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ +committed +init", history.StdOut);
    }

    [Fact]
    public async Task A_folder_named_like_a_host_is_still_a_store_directory()
    {
        // The CLI runs in the temp folder; a relative name there that reads as host:port.
        var name = $"localhost:{FreePort.Next()}";
        var folder = Path.Combine(Path.GetTempPath(), name);
        Directory.CreateDirectory(folder);
        try
        {
            var history = await ConiferCli.RunAsync("history", name);

            Assert.Equal(0, history.ExitCode);
            Assert.Equal("No deploy has been attempted on this store.\n", history.StdOut);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_file_where_a_folder_is_expected_is_named_as_a_file()
    {
        using var temp = new TempDirectory();
        var file = temp.Sub("notes.txt");
        await File.WriteAllTextAsync(file, "not a folder");

        var history = await ConiferCli.RunAsync("history", file);
        var deploy = await ConiferCli.RunAsync("deploy", file, temp.Sub("store"));

        Assert.Equal(2, history.ExitCode);
        Assert.Equal($"conifer history: '{file}' is a file; the store directory must be a folder.\n", history.StdErr);
        Assert.Equal(2, deploy.ExitCode);
        Assert.Equal($"conifer deploy: '{file}' is a file; the source folder must be a folder.\n", deploy.StdErr);
    }

    [Fact]
    public async Task A_wrong_password_is_found_with_one_small_request_before_the_upload()
    {
        using var temp = new TempDirectory();
        var port = FreePort.Next();
        using var server = new HttpListener();
        server.Prefixes.Add($"http://127.0.0.1:{port}/");
        server.Start();
        var requests = new List<string>();
        var serving = Task.Run(async () =>
        {
            while (true)
            {
                HttpListenerContext context;
                try
                {
                    context = await server.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                lock (requests)
                {
                    requests.Add($"{context.Request.HttpMethod} {context.Request.Url!.AbsolutePath} {context.Request.ContentLength64}");
                }
                context.Response.StatusCode = 401;
                context.Response.Close();
            }
        });

        var deploy = await ConiferCli.RunWithPasswordAsync("wrong", "deploy", RepoPaths.SampleApp("counter"), $"127.0.0.1:{port}");
        server.Stop();
        await serving;

        Assert.Equal(2, deploy.ExitCode);
        Assert.Equal($"conifer: http://127.0.0.1:{port}/ refused the admin password (401). {PasswordHint}\n", deploy.StdErr);
        Assert.Equal([$"GET /api/status 0"], requests);
    }

    [Fact]
    public async Task A_missing_password_names_the_option_and_the_variable_and_sends_nothing()
    {
        using var temp = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: RepoPaths.SampleApp("counter"));

        var deploy = await ConiferCli.RunAsync("deploy", RepoPaths.SampleApp("counter-text"), server.AdminUrl);
        var history = await ConiferCli.RunAsync("history", server.AdminUrl);

        Assert.Equal(2, deploy.ExitCode);
        Assert.Equal($"conifer: no admin password given for {server.AdminUrl}/. {PasswordHint}\n", deploy.StdErr);
        Assert.Equal(2, history.ExitCode);
        Assert.Equal($"conifer: no admin password given for {server.AdminUrl}/. {PasswordHint}\n", history.StdErr);
        Assert.Equal("0", await server.GetAsync());
    }

    [Fact]
    public async Task A_port_in_use_is_one_line_naming_the_port_and_the_option()
    {
        using var temp = new TempDirectory();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var free = FreePort.Next();

        var admin = await ConiferCli.RunAsync(
            "run-server", "--process-store", temp.Sub("store"), "--admin-password", "x",
            "--admin-urls", $"http://127.0.0.1:{port}", "--public-urls", $"http://127.0.0.1:{free}");
        var publicUrl = await ConiferCli.RunAsync(
            "run-server", "--process-store", temp.Sub("store"), "--admin-password", "x",
            "--admin-urls", $"http://127.0.0.1:{free}", "--public-urls", $"http://127.0.0.1:{port}");

        Assert.Equal(2, admin.ExitCode);
        Assert.Equal("", admin.StdOut);
        Assert.Equal($"conifer run-server: port {port} is already in use (--admin-urls http://127.0.0.1:{port}); stop the program listening there, or choose another port with --admin-urls.\n", admin.StdErr);
        Assert.Equal(2, publicUrl.ExitCode);
        Assert.DoesNotContain("   at ", publicUrl.Output, StringComparison.Ordinal);
        Assert.Equal($"conifer run-server: port {port} is already in use (--public-urls http://127.0.0.1:{port}); stop the program listening there, or choose another port with --public-urls.\n", publicUrl.StdErr);
    }
}
