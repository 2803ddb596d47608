using Conifer.Compiler.Shape;
using Microsoft.CodeAnalysis;

namespace Conifer.Compiler.Rules;

/// <summary>
/// The APIs app code may use (docs/app-rules.md). An allow-list: anything not named here is
/// rejected, so a new .NET API that reads the clock or the disk is rejected until someone
/// decides it is safe. Within allowed types, <see cref="MemberRules"/> refuses members by
/// principle (process-wide settings, estimates, key generation, …) and a member is usable only
/// when the type it hands back is too. Denials are sorted into categories only to give a better message.
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
        // System: values, math, text, spans, delegates, tuples. Not DateTime (its Kind and conversions
        // follow the machine's time zone) and not IntPtr/UIntPtr (their size follows the platform).
        "System.Object", "System.ValueType", "System.Enum", "System.String", "System.Boolean", "System.Char",
        "System.SByte", "System.Byte", "System.Int16", "System.UInt16", "System.Int32", "System.UInt32", "System.Int64",
        "System.UInt64", "System.Int128", "System.UInt128", "System.Half", "System.Single",
        "System.Double", "System.Decimal", "System.Nullable", "System.Nullable`1", "System.Math", "System.MathF",
        "System.Convert", "System.BitConverter", "System.Guid", "System.DateTimeOffset", "System.DateTimeKind",
        "System.DayOfWeek", "System.TimeSpan", "System.DateOnly", "System.TimeOnly", "System.Array", "System.Span`1",
        "System.ReadOnlySpan`1", "System.Memory`1", "System.ReadOnlyMemory`1", "System.MemoryExtensions", "System.StringComparison",
        "System.StringComparer", "System.StringSplitOptions", "System.MidpointRounding", "System.Base64FormattingOptions",
        "System.Index", "System.Range", "System.Uri", "System.UriKind", "System.UriComponents", "System.UriFormat",
        "System.Version", "System.FormattableString", "System.IFormatProvider", "System.IFormattable", "System.ISpanFormattable",
        "System.IUtf8SpanFormattable", "System.IParsable`1", "System.ISpanParsable`1", "System.IEquatable`1", "System.IComparable",
        "System.IComparable`1", "System.IDisposable", "System.Predicate`1", "System.Comparison`1", "System.Converter`2",
        "System.Lazy`1", "System.Tuple", "System.ValueTuple", "System.Delegate", "System.MulticastDelegate",
        // Attributes: the few that only inform the compiler or the reader.
        "System.Attribute", "System.AttributeUsageAttribute", "System.AttributeTargets", "System.ObsoleteAttribute", "System.FlagsAttribute",
        // System.IO: in-memory streams and readers only.
        "System.IO.Stream", "System.IO.MemoryStream", "System.IO.StringReader", "System.IO.StringWriter", "System.IO.TextReader",
        "System.IO.TextWriter", "System.IO.BinaryReader", "System.IO.BinaryWriter", "System.IO.SeekOrigin",
        "System.IO.InvalidDataException", "System.IO.EndOfStreamException",
        // System.Security.Cryptography: pure hash and key-derivation functions (MemberRules refuses the key-generating ones).
        "System.Security.Cryptography.SHA1", "System.Security.Cryptography.SHA256", "System.Security.Cryptography.SHA384",
        "System.Security.Cryptography.SHA512", "System.Security.Cryptography.SHA3_256", "System.Security.Cryptography.SHA3_384",
        "System.Security.Cryptography.SHA3_512", "System.Security.Cryptography.MD5", "System.Security.Cryptography.HMACSHA1",
        "System.Security.Cryptography.HMACSHA256", "System.Security.Cryptography.HMACSHA384", "System.Security.Cryptography.HMACSHA512",
        "System.Security.Cryptography.HMACMD5", "System.Security.Cryptography.HMAC", "System.Security.Cryptography.KeyedHashAlgorithm",
        "System.Security.Cryptography.HashAlgorithm", "System.Security.Cryptography.IncrementalHash",
        "System.Security.Cryptography.HashAlgorithmName", "System.Security.Cryptography.CryptographicOperations",
        "System.Security.Cryptography.CryptographicException", "System.Security.Cryptography.Rfc2898DeriveBytes",
    ];

    /// <summary>Types in allowed namespaces that are refused: parallel LINQ, hash-ordered collections, hardware-sized vectors.</summary>
    private static readonly HashSet<string> DeniedInAllowedNamespaces =
    [
        "System.Linq.ParallelEnumerable", "System.Linq.ParallelQuery", "System.Linq.ParallelQuery`1",
        "System.Linq.ParallelExecutionMode", "System.Linq.ParallelMergeOptions",
        "System.Collections.Immutable.ImmutableDictionary", "System.Collections.Immutable.ImmutableDictionary`2",
        "System.Collections.Immutable.ImmutableHashSet", "System.Collections.Immutable.ImmutableHashSet`1",
        "System.Numerics.Vector", "System.Numerics.Vector`1", "System.Numerics.Vector2", "System.Numerics.Vector3",
        "System.Numerics.Vector4", "System.Numerics.Matrix3x2", "System.Numerics.Matrix4x4", "System.Numerics.Plane",
        "System.Numerics.Quaternion",
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
            return Violations.HashCode($"{hash.ContainingType.Name}.GetHashCode");
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

        if (MemberRules.Check(typeName, type, symbol, display) is { } member)
        {
            return member;
        }
        if (!IsAllowed(outermost, typeName) && !MemberRules.IsOrderFreeLookup(typeName, symbol))
        {
            return Categorize(typeName, display);
        }
        return symbol is INamedTypeSymbol ? null : ReturnedType(symbol, display, isOwnCode);
    }

    /// <summary>The rule a type breaks, for a type not named in source (a conversion's target, a member's result).</summary>
    public static Violation? CheckType(ITypeSymbol type, Func<ISymbol, bool> isOwnCode) =>
        type is ITypeParameterSymbol or IErrorTypeSymbol ? null : Check(type, isOwnCode);

    // A member hands back a value of its type without the code naming that type:
    // DateTimeOffset.UtcDateTime gives a DateTime, Exception.TargetSite a MethodBase.
    private static Violation? ReturnedType(ISymbol symbol, string display, Func<ISymbol, bool> isOwnCode)
    {
        var returned = symbol switch
        {
            IMethodSymbol { MethodKind: not MethodKind.Constructor } method => method.ReturnType,
            IPropertySymbol property => property.Type,
            IFieldSymbol field => field.Type,
            _ => null,
        };
        if (returned is null || returned.SpecialType == SpecialType.System_Void || returned is ITypeParameterSymbol)
        {
            return null;
        }
        return CheckType(returned, isOwnCode) is { } violation
            ? Violations.Returns(display, returned.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat), violation)
            : null;
    }

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
        if (DeniedInAllowedNamespaces.Contains(typeName))
        {
            return false;
        }
        var ns = type.ContainingNamespace?.ToDisplayString() ?? "";
        if (AllowedNamespaces.Contains(ns))
        {
            return true;
        }
        // Exceptions carry no state outside the call that throws them; the two that report the
        // stack's depth are refused by MemberRules.
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
            return Violations.HashOrdered(display);
        }
        if (typeName == "System.HashCode")
        {
            return Violations.HashCode(display);
        }
        if (typeName is "System.DateTime" or "System.TimeZoneInfo" or "System.TimeZone")
        {
            return Violations.TimeZone(display);
        }
        if (typeName is "System.IntPtr" or "System.UIntPtr" || typeName.StartsWith("System.Numerics.", StringComparison.Ordinal)
            || typeName.StartsWith("System.Runtime.Intrinsics.", StringComparison.Ordinal))
        {
            return Violations.Hardware(display);
        }
        if (typeName is "System.Diagnostics.Stopwatch" or "System.TimeProvider" or "System.Threading.PeriodicTimer")
        {
            return Violations.Clock(display);
        }
        if (typeName is "System.Random" or "System.Security.Cryptography.RandomNumberGenerator")
        {
            return Violations.Random(display);
        }
        if (typeName is "System.Runtime.CompilerServices.RuntimeHelpers" or "System.Diagnostics.StackTrace" or "System.Diagnostics.StackFrame")
        {
            return Violations.StackObservation(display);
        }
        if (typeName is "System.Runtime.CompilerServices.SkipLocalsInitAttribute" or "System.Runtime.CompilerServices.UnsafeAccessorAttribute"
            or "System.Runtime.CompilerServices.InlineArrayAttribute" or "System.Runtime.CompilerServices.FixedBufferAttribute"
            || typeName.StartsWith("System.Runtime.InteropServices.", StringComparison.Ordinal)
            || typeName.StartsWith("System.Runtime.CompilerServices.Unsafe", StringComparison.Ordinal))
        {
            return Violations.Unsafe(display);
        }
        if (typeName is "System.Environment" or "System.AppContext" or "System.OperatingSystem" or "System.Console")
        {
            return Violations.Environment(display);
        }
        if (typeName is "System.GC" or "System.Runtime.GCSettings" || typeName.StartsWith("System.Runtime.Versioning.", StringComparison.Ordinal))
        {
            return Violations.ProcessWide(display);
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
            return Violations.Threads(display);
        }
        if (typeName.StartsWith("System.Reflection.", StringComparison.Ordinal) || typeName.StartsWith("System.Runtime.Loader.", StringComparison.Ordinal)
            || typeName.StartsWith("System.Linq.Expressions.", StringComparison.Ordinal)
            || typeName is "System.Type" or "System.Activator" or "System.AppDomain" or "System.RuntimeTypeHandle")
        {
            return Violations.Reflection(display);
        }
        if (typeName.EndsWith("Attribute", StringComparison.Ordinal))
        {
            return Violations.Attribute(display);
        }
        return Violations.NotAllowed(display);
    }

    internal static Violation Threads(string display) => Violations.Threads(display);

    internal static Violation HashCode(string display) => Violations.HashCode(display);
}
