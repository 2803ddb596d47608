using Conifer.Compiler.Shape;
using Microsoft.CodeAnalysis;

namespace Conifer.Compiler.Rules;

/// <summary>
/// Members refused even where their type is allowed, each by a principle rather than by name where
/// one exists: a framework static with a setter is a process-wide setting; a method named
/// <c>…Estimate</c> or a property <c>IsHardwareAccelerated</c> answers from the CPU; a keyed hash
/// built without a key makes one up; a member of an exception that describes the stack shows how
/// the JIT compiled the code.
/// </summary>
internal static class MemberRules
{
    public static Violation? Check(string typeName, INamedTypeSymbol type, ISymbol symbol, string display)
    {
        if (symbol is INamedTypeSymbol)
        {
            return typeName is "System.InsufficientExecutionStackException" or "System.StackOverflowException"
                ? Violations.StackObservation(display)
                : null;
        }
        return ByName(typeName, symbol, display)
            ?? ProcessWide(typeName, symbol, display)
            ?? Hardware(symbol, display)
            ?? SecretGeneration(type, symbol, display)
            ?? StackObservation(type, symbol, display);
    }

    /// <summary>
    /// The static <c>ImmutableDictionary</c> class also holds lookup extensions over
    /// <c>IImmutableDictionary</c>, which <c>ImmutableSortedDictionary</c> binds to
    /// (<c>sorted.GetValueOrDefault(key)</c>): a lookup enumerates nothing, so it has no order to differ.
    /// </summary>
    public static bool IsOrderFreeLookup(string typeName, ISymbol symbol) =>
        typeName == "System.Collections.Immutable.ImmutableDictionary"
        && symbol is IMethodSymbol { IsExtensionMethod: true, Name: "GetValueOrDefault" or "Contains" };

    private static Violation? ByName(string typeName, ISymbol symbol, string display) => (typeName, symbol.Name) switch
    {
        ("System.DateTime", "Now" or "UtcNow" or "Today") or ("System.DateTimeOffset", "Now" or "UtcNow") or ("System.Environment", "TickCount" or "TickCount64") => Violations.Clock(display),
        ("System.Guid", "NewGuid" or "CreateVersion7") => new(RuleIds.NewGuid,
            $"{display} makes a random id, so a replay would compute a different state",
            "derive the id from the event (e.g. from request.Id) or keep a counter in the state"),
        (_, "GetType") when symbol is IMethodSymbol { Parameters.Length: 0 } => Violations.Reflection(display),
        ("System.Delegate" or "System.MulticastDelegate", "Method" or "Target" or "DynamicInvoke" or "GetInvocationList") => Violations.Reflection(display),
        ("System.Linq.Enumerable" or "System.Linq.Queryable", "Shuffle") => new(RuleIds.Random,
            $"{display} shuffles with a shared random generator, so a replay would see another order",
            "sort by a key derived from the event instead"),
        // A string without an offset is read in the machine's zone, one without a date on today's date;
        // ParseExact is checked with its arguments (OperationRules).
        ("System.DateTimeOffset", "ToLocalTime" or "LocalDateTime" or "Parse" or "TryParse" or "op_Implicit") => Violations.TimeZone(display),
        ("System.Text.Json.JsonElement" or "System.Text.Json.Utf8JsonReader", "GetDateTimeOffset" or "TryGetDateTimeOffset") => Violations.TimeZone(display),
        (_, _) when typeName.StartsWith("System.Text.RegularExpressions.", StringComparison.Ordinal)
            && symbol is IMethodSymbol regexMethod && regexMethod.Parameters.Any(p => p.Type.Name == "TimeSpan") => new(RuleIds.Clock,
            $"{display} with a match timeout depends on the machine's speed, so a replay could time out differently",
            "use the overload without a timeout"),
        ("System.Security.Cryptography.Rfc2898DeriveBytes", not "Pbkdf2") => new(RuleIds.Random,
            $"{display} may generate a random salt", "use the static Rfc2898DeriveBytes.Pbkdf2 with a salt from the state or the event"),
        ("System.Globalization.CultureInfo", ".ctor" or "GetCultureInfo" or "GetCultureInfoByIetfLanguageTag" or "CreateSpecificCulture" or "GetCultures")
            or ("System.Globalization.RegionInfo", _) => Violations.CultureData(display),
        _ => null,
    };

    // Process-wide settings and pools: any framework static a caller can set (CultureInfo.DefaultThreadCurrentCulture,
    // Regex.CacheSize, CultureInfo.CurrentCulture), reading it as well as writing it; and the pools and caches that
    // outlive a call (the string intern pool, encoding providers, cached culture data).
    private static Violation? ProcessWide(string typeName, ISymbol symbol, string display)
    {
        var settable = symbol switch
        {
            IPropertySymbol { IsStatic: true, SetMethod: { } setter } => setter.DeclaredAccessibility == Accessibility.Public,
            IFieldSymbol { IsStatic: true, IsReadOnly: false, IsConst: false } => true,
            IEventSymbol { IsStatic: true } => true,
            _ => false,
        };
        if (settable)
        {
            return Violations.ProcessWide(display);
        }
        return (typeName, symbol.Name) switch
        {
            ("System.String", "Intern" or "IsInterned") or ("System.Text.Encoding", "RegisterProvider")
                or ("System.Globalization.CultureInfo", "ClearCachedData" or "InstalledUICulture")
                or ("System.Text.Json.JsonSerializerOptions", "MakeReadOnly") => Violations.ProcessWide(display),
            _ => null,
        };
    }

    private static Violation? Hardware(ISymbol symbol, string display) => symbol switch
    {
        IMethodSymbol method when method.Name.EndsWith("Estimate", StringComparison.Ordinal) => Violations.Hardware(display),
        IPropertySymbol or IFieldSymbol when symbol.Name is "IsHardwareAccelerated" or "IsSupported" or "IsLittleEndian" => Violations.Hardware(display),
        _ => null,
    };

    // A keyed hash made without a key (new HMACSHA256(), HMAC.Create()) makes up a random one.
    private static Violation? SecretGeneration(INamedTypeSymbol type, ISymbol symbol, string display)
    {
        if (symbol is not IMethodSymbol method || !DerivesFrom(type, "System.Security.Cryptography.KeyedHashAlgorithm"))
        {
            return null;
        }
        return (method.MethodKind == MethodKind.Constructor && method.Parameters.Length == 0) || (method.IsStatic && method.Name == "Create")
            ? Violations.SecretGeneration(display)
            : null;
    }

    // The stack trace, the method that threw, and an exception's ToString (which includes the trace) show how
    // deep the stack was and what the JIT inlined, which differ with the runtime's configuration.
    private static Violation? StackObservation(INamedTypeSymbol type, ISymbol symbol, string display)
    {
        if (!DerivesFrom(type, "System.Exception"))
        {
            return null;
        }
        return symbol.Name is "StackTrace" or "TargetSite" or "ToString" or "GetObjectData" ? Violations.StackObservation(display) : null;
    }

    internal static bool DerivesFrom(ITypeSymbol? type, string name)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (ClrNames.Of(t.OriginalDefinition) == name)
            {
                return true;
            }
        }
        return false;
    }
}
