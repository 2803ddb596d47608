namespace Conifer.App;

/// <summary>
/// Stamps a migration (a <c>MigrateState</c> class) with the id of the app version whose state it
/// migrates. <c>conifer migrate scaffold</c> writes it; the runtime applies a stamped migration only
/// to a state of that version (docs/runtime.md, "Version-bound migrations"), and a migration history
/// chains its steps by these stamps. A migration without the attribute is applied to whatever version
/// is running, as long as the stored state fits its parameter type.
/// </summary>
/// <param name="versionId">The 64-hex-digit version id of the app version the migration starts from.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class MigratesFromAttribute(string versionId) : Attribute
{
    /// <summary>The version id the migration starts from.</summary>
    public string VersionId { get; } = versionId;
}
