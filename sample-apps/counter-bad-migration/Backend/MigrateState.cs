namespace Backend;

/// <summary>
/// A migration that declares the wrong previous state: it claims the stored state is text,
/// while the counter stored an int. The app compiles; the runtime's lenient check rejects the
/// deploy before Migrate runs, naming the mismatch.
/// </summary>
public static class MigrateState
{
    public static (string, Commands) Migrate(string previous) => (previous, Commands.None);
}
