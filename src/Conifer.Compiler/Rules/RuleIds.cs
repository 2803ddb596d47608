namespace Conifer.Compiler.Rules;

/// <summary>The ids of Conifer's own diagnostics (docs/app-rules.md lists each with an example).</summary>
internal static class RuleIds
{
    // The app's shape.
    public const string NoApp = "CNF0100";
    public const string SeveralApps = "CNF0101";
    public const string GenericApp = "CNF0102";
    public const string MigrateMissing = "CNF0110";
    public const string MigrateArity = "CNF0111";
    public const string MigrateParameter = "CNF0112";
    public const string MigrateReturn = "CNF0113";
    public const string MigrateNotPublicStatic = "CNF0114";
    public const string MigrateOverloaded = "CNF0115";
    public const string MigrateStamp = "CNF0116";
    public const string MigrationLayout = "CNF0117";
    public const string AdminStale = "CNF0125";
    public const string AdminParameter = "CNF0120";
    public const string AdminVoid = "CNF0121";
    public const string AdminGeneric = "CNF0122";
    public const string AdminOverloaded = "CNF0123";
    public const string AdminReturn = "CNF0124";

    // Determinism.
    public const string NotAllowedApi = "CNF0200";
    public const string Clock = "CNF0201";
    public const string Random = "CNF0202";
    public const string NewGuid = "CNF0203";
    public const string FileSystem = "CNF0204";
    public const string Network = "CNF0205";
    public const string Environment = "CNF0206";
    public const string Process = "CNF0207";
    public const string Threads = "CNF0208";
    public const string Reflection = "CNF0209";
    public const string StaticMutable = "CNF0210";
    public const string Unsafe = "CNF0211";
    public const string Extern = "CNF0212";
    public const string Dynamic = "CNF0213";
    public const string HashOrdered = "CNF0214";
    public const string HashCode = "CNF0215";
    public const string ProcessWide = "CNF0216";
    public const string Hardware = "CNF0217";
    public const string SecretGeneration = "CNF0218";
    public const string StackObservation = "CNF0219";
    public const string Attribute = "CNF0220";
    public const string ReservedNamespace = "CNF0221";

    // State types.
    public const string MutableProperty = "CNF0300";
    public const string MutableField = "CNF0301";
    public const string MutableCollection = "CNF0302";
    public const string NotStateType = "CNF0303";
    public const string UnsealedCase = "CNF0304";
    public const string OpenRecord = "CNF0305";

    // Migration scaffold markers.
    public const string MigrationDecision = "CNF0400";
}
