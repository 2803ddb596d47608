namespace Backend;

/// <summary>hours v3: users and their credentials (split), projects holding their hour entries, login sessions.</summary>
public sealed record State(
    ImmutableSortedDictionary<string, User> Users,
    ImmutableSortedDictionary<string, Credential> Credentials,
    ImmutableSortedDictionary<string, Project> Projects,
    ImmutableSortedDictionary<string, string> Sessions,
    long NextEntryId);

/// <summary>A user and what they may do.</summary>
public sealed record User(string Name, ImmutableArray<Role> Roles);

/// <summary>A user's password, kept only as SHA-256 over the salt and the password (by user name in <see cref="State.Credentials"/>).</summary>
public sealed record Credential(string Salt, string PasswordHash);

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

/// <summary>A project hours are booked on, with its entries (v3: moved here from the state).</summary>
public sealed record Project(string Code, string Name, ProjectStatus Status, ImmutableArray<HourEntry> Entries);

/// <summary>Whether hours can still be booked on a project.</summary>
public abstract record ProjectStatus
{
    /// <summary>Open for bookings.</summary>
    public sealed record Active : ProjectStatus;

    /// <summary>Closed; its entries stay.</summary>
    public sealed record Archived : ProjectStatus;
}

/// <summary>Minutes a user worked on the project that holds this entry, on a day.</summary>
public sealed record HourEntry(long Id, string User, string Date, int Minutes, string Note);
