namespace Backend;

/// <summary>
/// The previous version (sample-apps/counter) stored a plain int. A primitive previous state
/// needs no Backend/Prev types: Migrate takes it directly.
/// </summary>
public static class MigrateState
{
    public static (string, Commands) Migrate(int previous) => (previous.ToString(), Commands.None);
}
