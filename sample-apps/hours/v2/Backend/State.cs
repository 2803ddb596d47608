namespace Backend;

/// <summary>hours v2: users, projects and hour entries, plus the login sessions.</summary>
public sealed record State(
    ImmutableSortedDictionary<string, User> Users,
    ImmutableSortedDictionary<string, Project> Projects,
    ImmutableArray<HourEntry> Entries,
    ImmutableSortedDictionary<string, string> Sessions,
    long NextEntryId);

/// <summary>A user: the password is kept only as SHA-256 over the salt and the password.</summary>
public sealed record User(string Name, string Salt, string PasswordHash, ImmutableArray<Role> Roles);

/// <summary>What a user may do.</summary>
public abstract record Role
{
    /// <summary>Manages users.</summary>
    public sealed record Admin : Role;

    /// <summary>Manages projects.</summary>
    public sealed record Manager : Role;

    /// <summary>Books hours.</summary>
    public sealed record Worker : Role;
}

/// <summary>A project hours are booked on (v2: <c>Title</c> is now <c>Name</c>, the <c>Archived</c> flag a <see cref="ProjectStatus"/>).</summary>
public sealed record Project(string Code, string Name, ProjectStatus Status);

/// <summary>Whether hours can still be booked on a project.</summary>
public abstract record ProjectStatus
{
    /// <summary>Open for bookings.</summary>
    public sealed record Active : ProjectStatus;

    /// <summary>Closed; its entries stay.</summary>
    public sealed record Archived : ProjectStatus;
}

/// <summary>Minutes a user worked on a project on a day.</summary>
public sealed record HourEntry(long Id, string User, string Project, string Date, int Minutes, string Note);
