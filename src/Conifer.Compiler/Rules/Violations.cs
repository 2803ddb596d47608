namespace Conifer.Compiler.Rules;

/// <summary>The message and fix hint of each rule category (docs/app-rules.md lists them with their reasons).</summary>
internal static class Violations
{
    public static Violation Clock(string display) =>
        new(RuleIds.Clock, $"{display} reads the clock, so a replay would compute a different state", "use the event's PosixTimeMilli");

    public static Violation Random(string display) =>
        new(RuleIds.Random, $"{display} is random, so a replay would compute a different state",
            "derive values from the event, e.g. SHA256.HashData of request.Id");

    public static Violation TimeZone(string display) =>
        new(RuleIds.Environment, $"{display} depends on the machine's time zone, which can differ on replay",
            "keep times as DateTimeOffset with an explicit offset (or the event's PosixTimeMilli); parse with DateTimeOffset.ParseExact and a format holding a date and an offset (\"yyyy-MM-dd'T'HH:mm:sszzz\") or DateTimeStyles.AssumeUniversal");

    public static Violation Environment(string display) =>
        new(RuleIds.Environment, $"{display} reads or writes the machine's environment, which is not replayed",
            "pass settings in through the state (e.g. with an admin function) and output through Commands");

    public static Violation CultureData(string display) =>
        new(RuleIds.Environment, $"{display} reads culture data from the machine's ICU library, whose version and presence differ between machines",
            "format and parse with CultureInfo.InvariantCulture and explicit format strings");

    public static Violation Threads(string display) =>
        new(RuleIds.Threads, $"{display} uses threads, tasks or timers; an update runs synchronously to completion",
            "return Commands.SetTimer for work that happens later");

    public static Violation Reflection(string display) =>
        new(RuleIds.Reflection, $"{display} uses reflection or run-time code generation", "call the code directly");

    public static Violation HashCode(string display) =>
        new(RuleIds.HashCode, $"{display} gives a different value in every process, so a replay could compute a different state",
            "use hash codes only inside a GetHashCode override; for a stable hash use SHA256.HashData");

    public static Violation HashOrdered(string display) =>
        new(RuleIds.HashOrdered,
            $"{display} enumerates in hash-code order, and string hash codes differ in every process, so a replay could see a different order",
            "use ImmutableSortedDictionary / ImmutableSortedSet (or Dictionary / HashSet, which keep insertion order, for local lookups)");

    public static Violation Unsafe(string display) =>
        new(RuleIds.Unsafe, $"{display} bypasses the type system and memory safety", "use safe code and Span<T>");

    public static Violation ProcessWide(string display) =>
        new(RuleIds.ProcessWide, $"{display} is a process-wide setting or pool, shared with the runtime and every other call and not replayed",
            "keep settings in the State and pass them explicitly (e.g. CultureInfo.InvariantCulture, a RegexOptions value)");

    public static Violation Hardware(string display) =>
        new(RuleIds.Hardware, $"{display} depends on the CPU or the runtime's configuration (vector width, instruction set, pointer size), which differ between machines",
            "use scalar math on int, long, decimal or double (Math, not estimates), and fixed-size integers");

    public static Violation SecretGeneration(string display) =>
        new(RuleIds.SecretGeneration, $"{display} generates a random key or secret, so a replay would compute a different state",
            "pass the key explicitly (e.g. new HMACSHA256(key) with a key kept in the State or derived from the event)");

    public static Violation StackObservation(string display) =>
        new(RuleIds.StackObservation, $"{display} observes the call stack or the execution budget, which differ with the machine, the JIT and the runtime's limits",
            "let a too-deep recursion or a runaway loop fail the event; write it as a loop over an explicit stack, and report errors with your own messages");

    public static Violation Attribute(string display) =>
        new(RuleIds.Attribute, $"the attribute {display} is not on the allow-list of attributes for app code",
            "remove it; app code may use Obsolete, Flags, AttributeUsage, System.Diagnostics.CodeAnalysis, System.Text.Json.Serialization and its own attributes");

    public static Violation NotAllowed(string display) =>
        new(RuleIds.NotAllowedApi, $"{display} is not on the allow-list of APIs for app code",
            "see docs/app-rules.md for the allowed namespaces and types");

    /// <summary>The same rule, said of a member that hands back a value of a refused type.</summary>
    public static Violation Returns(string display, string typeDisplay, Violation ofType) =>
        ofType with { Message = $"{display} gives a {typeDisplay}: {ofType.Message}" };
}
