namespace Conifer.Runtime.Deploy;

/// <summary>How a deploy makes the new version's state.</summary>
public enum DeployMode
{
    /// <summary>Read the stored state as the new version's <c>Prev</c> and run its <c>Migrate</c> (or keep it when it fits unchanged). Into an empty store this runs <c>Init</c>.</summary>
    Migrate,
    /// <summary>Discard the stored state and run the new version's <c>Init</c> (<c>--init-app-state</c>).</summary>
    Init,
}
