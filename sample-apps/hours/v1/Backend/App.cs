namespace Backend;

/// <summary>
/// hours v1, a small time-tracking service. Plain-text API, fields separated by ':':
/// POST /login "name:password" answers a token for <c>Authorization: Bearer</c>;
/// POST /users "name:password:Role,Role" (Admin); POST /projects "code:title" and
/// POST /projects/CODE/archive (Manager); POST /entries "project:date:minutes:note" (Worker);
/// GET /entries lists the caller's entries (an Admin sees all), one per line.
/// </summary>
public sealed class App : IWebServiceApp<State>
{
    private static readonly ImmutableArray<Role> AllRoles = [new Role.Admin(), new Role.Manager(), new Role.Worker()];

    public static (State State, Commands Commands) Init()
    {
        var salt = Passwords.Salt("root", "init");
        var root = new User("root", salt, Passwords.Hash(salt, "welcome"), AllRoles);
        return (new State(ImmutableSortedDictionary.Create<string, User>().Add("root", root), ImmutableSortedDictionary<string, Project>.Empty, [], ImmutableSortedDictionary<string, string>.Empty, 1), Commands.None);
    }

    public static (State State, Commands Commands) OnHttpRequest(HttpRequestEvent request, State state)
    {
        var parts = request.BodyText.Split(':');
        if (request.Method == "POST" && request.Path == "/login")
        {
            if (parts.Length != 2 || !state.Users.TryGetValue(parts[0], out var login) || !Passwords.Verify(login.Salt, login.PasswordHash, parts[1]))
            {
                return Reply(request, state, 401, "wrong name or password");
            }
            var token = Passwords.Token(login.Name, request.Id);
            return Reply(request, state with { Sessions = state.Sessions.SetItem(token, login.Name) }, 200, token);
        }
        var bearer = request.Header("Authorization")?.Replace("Bearer ", "", StringComparison.Ordinal);
        if (bearer is null || !state.Sessions.TryGetValue(bearer, out var name) || !state.Users.TryGetValue(name, out var user))
        {
            return Reply(request, state, 401, "log in first");
        }
        return (request.Method, request.Path) switch
        {
            ("POST", "/users") when Has<Role.Admin>(user) && parts.Length == 3 => AddUser(request, state, parts),
            ("POST", "/projects") when Has<Role.Manager>(user) && parts.Length == 2 =>
                Reply(request, state with { Projects = state.Projects.SetItem(parts[0], new Project(parts[0], parts[1], false)) }, 201, parts[0]),
            ("POST", var path) when Has<Role.Manager>(user) && path.StartsWith("/projects/", StringComparison.Ordinal) && path.EndsWith("/archive", StringComparison.Ordinal) =>
                Archive(request, state, path["/projects/".Length..^"/archive".Length]),
            ("POST", "/entries") when Has<Role.Worker>(user) && parts.Length >= 4 => AddEntry(request, state, user, parts),
            ("GET", "/entries") => Reply(request, state, 200, string.Join("\n", state.Entries
                .Where(e => Has<Role.Admin>(user) || e.User == user.Name)
                .Select(e => $"{e.Id}:{e.User}:{e.Project}:{e.Date}:{e.Minutes}:{e.Note}"))),
            _ => Reply(request, state, 400, "unknown request or missing role"),
        };
    }

    private static (State, Commands) AddUser(HttpRequestEvent request, State state, string[] parts)
    {
        var roles = parts[2].Split(',').Select(RoleNamed).ToImmutableArray();
        if (state.Users.ContainsKey(parts[0]) || roles.Any(r => r is null))
        {
            return Reply(request, state, 409, "user exists or unknown role");
        }
        var salt = Passwords.Salt(parts[0], request.Id);
        var user = new User(parts[0], salt, Passwords.Hash(salt, parts[1]), [.. roles.Select(r => r!)]);
        return Reply(request, state with { Users = state.Users.Add(user.Name, user) }, 201, user.Name);
    }

    private static (State, Commands) Archive(HttpRequestEvent request, State state, string code) =>
        state.Projects.TryGetValue(code, out var project)
            ? Reply(request, state with { Projects = state.Projects.SetItem(code, project with { Archived = true }) }, 200, code)
            : Reply(request, state, 404, "no such project");

    private static (State, Commands) AddEntry(HttpRequestEvent request, State state, User user, string[] parts)
    {
        if (!state.Projects.TryGetValue(parts[0], out var project) || project.Archived || !int.TryParse(parts[2], out var minutes))
        {
            return Reply(request, state, 400, "unknown or archived project, or bad minutes");
        }
        var entry = new HourEntry(state.NextEntryId, user.Name, project.Code, parts[1], minutes, string.Join(":", parts[3..]));
        return Reply(request, state with { Entries = state.Entries.Add(entry), NextEntryId = state.NextEntryId + 1 }, 201, entry.Id.ToString());
    }

    private static Role? RoleNamed(string name) => name switch
    {
        "Admin" => new Role.Admin(),
        "Manager" => new Role.Manager(),
        "Worker" => new Role.Worker(),
        _ => null,
    };

    private static bool Has<T>(User user) where T : Role => user.Roles.Any(r => r is T);

    private static (State, Commands) Reply(HttpRequestEvent request, State state, int status, string text) =>
        (state, Commands.Respond(request.Id, status, text));
}
