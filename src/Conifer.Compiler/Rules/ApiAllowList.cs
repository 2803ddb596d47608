using Conifer.Compiler.Shape;
using Microsoft.CodeAnalysis;

namespace Conifer.Compiler.Rules;

/// <summary>
/// The APIs app code may use (docs/app-rules.md). An allow-list: anything not named here is
/// rejected, so a new .NET API that reads the clock or the disk is rejected until someone
/// decides it is safe. A few allowed types have denied members (<c>DateTime.Now</c>,
/// <c>Guid.NewGuid</c>). Denials are sorted into categories only to give a better message.
/// </summary>
internal static class ApiAllowList
{
    private static readonly HashSet<string> AllowedNamespaces =
    [
        "System.Collections.Generic", "System.Collections.Immutable", "System.Linq", "System.Text",
        "System.Text.RegularExpressions", "System.Text.Json", "System.Text.Json.Nodes", "System.Text.Json.Serialization",
        "System.Text.Unicode", "System.Numerics", "System.Globalization", "System.Buffers.Binary", "System.Buffers.Text",
        "System.Diagnostics.CodeAnalysis", "Conifer.App",
    ];

    private static readonly HashSet<string> AllowedTypes =
    [
        // System: values, math, text, spans, delegates, tuples.
        "System.Object", "System.ValueType", "System.Enum", "System.String", "System.Boolean", "System.Char",
        "System.SByte", "System.Byte", "System.Int16", "System.UInt16", "System.Int32", "System.UInt32", "System.Int64",
        "System.UInt64", "System.Int128", "System.UInt128", "System.IntPtr", "System.UIntPtr", "System.Half", "System.Single",
        "System.Double", "System.Decimal", "System.Nullable", "System.Nullable`1", "System.Math", "System.MathF",
        "System.Convert", "System.BitConverter", "System.Guid", "System.DateTime", "System.DateTimeOffset", "System.DateTimeKind",
        "System.DayOfWeek", "System.TimeSpan", "System.DateOnly", "System.TimeOnly", "System.Array", "System.Span`1",
        "System.ReadOnlySpan`1", "System.Memory`1", "System.ReadOnlyMemory`1", "System.MemoryExtensions", "System.StringComparison",
        "System.StringComparer", "System.StringSplitOptions", "System.MidpointRounding", "System.Base64FormattingOptions",
        "System.Index", "System.Range", "System.Uri", "System.UriKind", "System.UriComponents", "System.UriFormat",
        "System.Version", "System.FormattableString", "System.IFormatProvider", "System.IFormattable", "System.ISpanFormattable",
        "System.IUtf8SpanFormattable", "System.IParsable`1", "System.ISpanParsable`1", "System.IEquatable`1", "System.IComparable",
        "System.IComparable`1", "System.IDisposable", "System.Predicate`1", "System.Comparison`1", "System.Converter`2",
        "System.Lazy`1", "System.Attribute", "System.ObsoleteAttribute", "System.FlagsAttribute", "System.Tuple", "System.ValueTuple", "System.Delegate", "System.MulticastDelegate",
        // System.IO: in-memory streams and readers only.
        "System.IO.Stream", "System.IO.MemoryStream", "System.IO.StringReader", "System.IO.StringWriter", "System.IO.TextReader",
        "System.IO.TextWriter", "System.IO.BinaryReader", "System.IO.BinaryWriter", "System.IO.SeekOrigin",
        "System.IO.InvalidDataException", "System.IO.EndOfStreamException",
        // System.Security.Cryptography: pure hash and key-derivation functions.
        "System.Security.Cryptography.SHA1", "System.Security.Cryptography.SHA256", "System.Security.Cryptography.SHA384",
        "System.Security.Cryptography.SHA512", "System.Security.Cryptography.SHA3_256", "System.Security.Cryptography.SHA3_384",
        "System.Security.Cryptography.SHA3_512", "System.Security.Cryptography.MD5", "System.Security.Cryptography.HMACSHA1",
        "System.Security.Cryptography.HMACSHA256", "System.Security.Cryptography.HMACSHA384", "System.Security.Cryptography.HMACSHA512",
        "System.Security.Cryptography.HMACMD5", "System.Security.Cryptography.HMAC", "System.Security.Cryptography.KeyedHashAlgorithm",
        "System.Security.Cryptography.HashAlgorithm", "System.Security.Cryptography.IncrementalHash",
        "System.Security.Cryptography.HashAlgorithmName", "System.Security.Cryptography.CryptographicOperations",
        "System.Security.Cryptography.CryptographicException", "System.Security.Cryptography.Rfc2898DeriveBytes",
    ];

    private static readonly HashSet<string> DeniedInAllowedNamespaces =
    [
        "System.Linq.ParallelEnumerable", "System.Linq.ParallelQuery", "System.Linq.ParallelQuery`1",
        "System.Linq.ParallelExecutionMode", "System.Linq.ParallelMergeOptions",
    ];

    /// <summary>The rule <paramref name="symbol"/> breaks when app code names it, or <c>null</c> when it is allowed or <paramref name="isOwnCode"/>.</summary>
    public static Violation? Check(ISymbol symbol, Func<ISymbol, bool> isOwnCode)
    {
        switch (symbol)
        {
            case INamespaceSymbol or ILocalSymbol or IParameterSymbol or ILabelSymbol or IRangeVariableSymbol
                or IAliasSymbol or IDiscardSymbol or ITypeParameterSymbol or IPreprocessingSymbol:
                return null;
            case IDynamicTypeSymbol:
                return new(RuleIds.Dynamic, "dynamic binds at run time", "use a static type");
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                return new(RuleIds.Unsafe, "pointers are unsafe code", "use Span<T> and safe code");
            case IArrayTypeSymbol array:
                return Check(array.ElementType, isOwnCode);
        }
        if (symbol is IMethodSymbol { Name: "GetHashCode" } hash)
        {
            return HashCode($"{hash.ContainingType.Name}.GetHashCode");
        }
        if (isOwnCode(symbol))
        {
            return null;
        }
        var type = symbol as INamedTypeSymbol ?? symbol.ContainingType;
        if (type is null)
        {
            return null;
        }
        var outermost = type.OriginalDefinition;
        while (outermost.ContainingType is { } outer)
        {
            outermost = outer.OriginalDefinition;
        }
        var typeName = ClrNames.Of(outermost);
        var display = symbol switch
        {
            INamedTypeSymbol => type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat),
            IMethodSymbol { MethodKind: MethodKind.Constructor } => $"new {type.Name}",
            _ => $"{type.Name}.{symbol.Name}",
        };

        if (MemberViolation(typeName, symbol, display) is { } member)
        {
            return member;
        }
        if (IsAllowed(outermost, typeName) || IsOrderFreeLookup(typeName, symbol))
        {
            return null;
        }
        return Categorize(typeName, display);
    }

    private static Violation? MemberViolation(string typeName, ISymbol symbol, string display)
    {
        if (symbol is INamedTypeSymbol)
        {
            return null;
        }
        return (typeName, symbol.Name) switch
        {
            ("System.DateTime", "Now" or "UtcNow" or "Today") or ("System.DateTimeOffset", "Now" or "UtcNow") or
                ("System.Environment", "TickCount" or "TickCount64") => Clock(display),
            ("System.Guid", "NewGuid" or "CreateVersion7") => new(RuleIds.NewGuid,
                $"{display} makes a random id, so a replay would compute a different state",
                "derive the id from the event (e.g. from request.Id) or keep a counter in the state"),
            (_, "GetType") when symbol is IMethodSymbol { Parameters.Length: 0 } => Reflection(display),
            ("System.Delegate" or "System.MulticastDelegate", "Method" or "Target" or "DynamicInvoke" or "GetInvocationList") => Reflection(display),
            ("System.Linq.Enumerable" or "System.Linq.Queryable", "Shuffle") => new(RuleIds.Random,
                $"{display} shuffles with a shared random generator, so a replay would see another order",
                "sort by a key derived from the event instead"),
            ("System.DateTime", "ToLocalTime" or "ToUniversalTime") or ("System.DateTimeOffset", "ToLocalTime" or "LocalDateTime") => TimeZone(display),
            ("System.DateTimeOffset", ".ctor") when symbol is IMethodSymbol { Parameters: [{ Type.SpecialType: SpecialType.System_DateTime }] } =>
                TimeZone("new DateTimeOffset(DateTime)"),
            (_, _) when typeName.StartsWith("System.Text.RegularExpressions.", StringComparison.Ordinal)
                && symbol is IMethodSymbol regexMethod && regexMethod.Parameters.Any(p => p.Type.Name == "TimeSpan") => new(RuleIds.Clock,
                $"{display} with a match timeout depends on the machine's speed, so a replay could time out differently",
                "use the overload without a timeout"),
            ("System.Security.Cryptography.Rfc2898DeriveBytes", not "Pbkdf2") => new(RuleIds.Random,
                $"{display} may generate a random salt", "use the static Rfc2898DeriveBytes.Pbkdf2 with a salt from the state or the event"),
            _ => null,
        };
    }

    /// <summary>
    /// The static <c>ImmutableDictionary</c> class also holds lookup extensions over
    /// <c>IImmutableDictionary</c>, which <c>ImmutableSortedDictionary</c> binds to
    /// (<c>sorted.GetValueOrDefault(key)</c>): a lookup enumerates nothing, so it has no order to differ.
    /// </summary>
    private static bool IsOrderFreeLookup(string typeName, ISymbol symbol) =>
        typeName == "System.Collections.Immutable.ImmutableDictionary"
        && symbol is IMethodSymbol { IsExtensionMethod: true, Name: "GetValueOrDefault" or "Contains" };

    private static bool IsAllowed(INamedTypeSymbol type, string typeName)
    {
        if (AllowedTypes.Contains(typeName))
        {
            return true;
        }
        if (typeName.StartsWith("System.Func`", StringComparison.Ordinal) || typeName.StartsWith("System.Action", StringComparison.Ordinal)
            || typeName.StartsWith("System.ValueTuple`", StringComparison.Ordinal) || typeName.StartsWith("System.Tuple`", StringComparison.Ordinal))
        {
            return true;
        }
        if (typeName is "System.Collections.Immutable.ImmutableDictionary" or "System.Collections.Immutable.ImmutableDictionary`2"
            or "System.Collections.Immutable.ImmutableHashSet" or "System.Collections.Immutable.ImmutableHashSet`1"
            || DeniedInAllowedNamespaces.Contains(typeName))
        {
            return false;
        }
        var ns = type.ContainingNamespace?.ToDisplayString() ?? "";
        if (AllowedNamespaces.Contains(ns))
        {
            return true;
        }
        // Exceptions carry no state outside the call that throws them.
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (ClrNames.Of(t) == "System.Exception")
            {
                return ns is "System" or "System.Collections.Generic" or "System.IO";
            }
        }
        return false;
    }

    private static Violation Categorize(string typeName, string display)
    {
        if (typeName is "System.Collections.Immutable.ImmutableDictionary" or "System.Collections.Immutable.ImmutableDictionary`2"
            or "System.Collections.Immutable.ImmutableHashSet" or "System.Collections.Immutable.ImmutableHashSet`1")
        {
            return new(RuleIds.HashOrdered,
                $"{display} enumerates in hash-code order, and string hash codes differ in every process, so a replay could see a different order",
                "use ImmutableSortedDictionary / ImmutableSortedSet (or Dictionary / HashSet, which keep insertion order, for local lookups)");
        }
        if (typeName == "System.HashCode")
        {
            return HashCode(display);
        }
        if (typeName is "System.Diagnostics.Stopwatch" or "System.TimeProvider" or "System.Threading.PeriodicTimer")
        {
            return Clock(display);
        }
        if (typeName is "System.Random" or "System.Security.Cryptography.RandomNumberGenerator")
        {
            return new(RuleIds.Random, $"{display} is random, so a replay would compute a different state",
                "derive values from the event, e.g. SHA256.HashData of request.Id");
        }
        if (typeName is "System.Environment" or "System.TimeZoneInfo" or "System.AppContext" or "System.OperatingSystem" or "System.Console")
        {
            return new(RuleIds.Environment, $"{display} reads or writes the machine's environment, which is not replayed",
                "pass settings in through the state (e.g. with an admin function) and output through Commands");
        }
        if (typeName.StartsWith("System.IO.", StringComparison.Ordinal))
        {
            return new(RuleIds.FileSystem, $"{display} touches the file system, which is not part of the replayed state",
                "keep the data in the state");
        }
        if (typeName.StartsWith("System.Net.", StringComparison.Ordinal))
        {
            return new(RuleIds.Network, $"{display} uses the network outside the runtime",
                "send requests with Commands.SendHttpRequest; the reply arrives in OnHttpResponse");
        }
        if (typeName.StartsWith("System.Diagnostics.Process", StringComparison.Ordinal))
        {
            return new(RuleIds.Process, $"{display} starts or inspects processes", "do that work outside the app and send the result in as a request");
        }
        if (typeName.StartsWith("System.Threading.", StringComparison.Ordinal) || typeName.StartsWith("System.Timers.", StringComparison.Ordinal)
            || typeName.StartsWith("System.Linq.Parallel", StringComparison.Ordinal))
        {
            return Threads(display);
        }
        if (typeName.StartsWith("System.Reflection.", StringComparison.Ordinal) || typeName.StartsWith("System.Runtime.Loader.", StringComparison.Ordinal)
            || typeName.StartsWith("System.Linq.Expressions.", StringComparison.Ordinal)
            || typeName is "System.Type" or "System.Activator" or "System.AppDomain" or "System.RuntimeTypeHandle")
        {
            return Reflection(display);
        }
        if (typeName.StartsWith("System.Runtime.InteropServices.", StringComparison.Ordinal)
            || typeName.StartsWith("System.Runtime.CompilerServices.Unsafe", StringComparison.Ordinal))
        {
            return new(RuleIds.Unsafe, $"{display} bypasses the type system", "use safe code");
        }
        return new(RuleIds.NotAllowedApi, $"{display} is not on the allow-list of APIs for app code",
            "see docs/app-rules.md for the allowed namespaces and types");
    }

    private static Violation TimeZone(string display) =>
        new(RuleIds.Environment, $"{display} depends on the machine's time zone, which can differ on replay",
            "keep times in UTC (DateTimeOffset with an explicit offset, or PosixTimeMilli)");

    private static Violation Clock(string display) =>
        new(RuleIds.Clock, $"{display} reads the clock, so a replay would compute a different state", "use the event's PosixTimeMilli");

    internal static Violation Threads(string display) =>
        new(RuleIds.Threads, $"{display} uses threads, tasks or timers; an update runs synchronously to completion",
            "return Commands.SetTimer for work that happens later");

    private static Violation Reflection(string display) =>
        new(RuleIds.Reflection, $"{display} uses reflection or run-time code generation", "call the code directly");

    internal static Violation HashCode(string display) =>
        new(RuleIds.HashCode, $"{display} gives a different value in every process, so a replay could compute a different state",
            "use hash codes only inside a GetHashCode override; for a stable hash use SHA256.HashData");
}
