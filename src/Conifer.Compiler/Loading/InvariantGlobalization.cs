namespace Conifer.Compiler.Loading;

/// <summary>
/// App code compares and cases strings under the invariant culture, which is only the same on every machine when
/// the process runs with invariant globalization (no ICU): with ICU, <c>string.Compare("i", "I")</c> and
/// <c>OrderBy</c> over strings follow the ICU version's collation. Conifer's executables are built with
/// <c>InvariantGlobalization</c>, but <c>DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false</c> turns ICU back on, so apps
/// are not loaded into such a process (found by replaying in another environment, <c>store verify --other-environment</c>).
/// </summary>
internal static class InvariantGlobalization
{
    /// <summary>True when culture-aware comparison is ordinal, as it is only in invariant globalization mode.</summary>
    public static bool IsOn { get; } =
        Math.Sign(string.Compare("i", "I", StringComparison.InvariantCulture)) == Math.Sign(string.CompareOrdinal("i", "I"));

    public const string Problem =
        "this process runs with ICU culture data (DOTNET_SYSTEM_GLOBALIZATION_INVARIANT is set to false or 0), so string comparison and " +
        "casing in app code would depend on the machine; unset DOTNET_SYSTEM_GLOBALIZATION_INVARIANT (Conifer runs apps with invariant globalization)";
}
