using Conifer.Compiler.Shape;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Conifer.Compiler.Rules;

/// <summary>
/// The rules that need what a body does rather than the names it spells: user-defined conversions and
/// operators (an implicit <c>DateTime</c>→<c>DateTimeOffset</c> names nothing), the types a JSON call
/// builds without naming them, <c>DateTimeOffset.ParseExact</c> with its format and styles, exceptions
/// turned into text, and where a hash code flows inside a <c>GetHashCode</c> override.
/// </summary>
internal sealed class OperationRules(Func<ISymbol, bool> isOwnCode, DiagnosticBag diagnostics)
{
    /// <summary>Checks <paramref name="body"/>, the body or initializer of <paramref name="owner"/>.</summary>
    public void Check(IOperation body, ISymbol? owner)
    {
        var inHashOverride = owner is IMethodSymbol { Name: "GetHashCode", IsOverride: true, Parameters.Length: 0 };
        foreach (var operation in body.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IConversionOperation { OperatorMethod: { } method }:
                    CheckOperator(operation, method);
                    break;
                case IBinaryOperation binary:
                    if (binary.OperatorMethod is { } binaryMethod)
                    {
                        CheckOperator(operation, binaryMethod);
                    }
                    CheckConcatenation(binary);
                    break;
                case IUnaryOperation { OperatorMethod: { } unaryMethod }:
                    CheckOperator(operation, unaryMethod);
                    break;
                case IIncrementOrDecrementOperation { OperatorMethod: { } stepMethod }:
                    CheckOperator(operation, stepMethod);
                    break;
                case ICompoundAssignmentOperation { OperatorMethod: { } compoundMethod }:
                    CheckOperator(operation, compoundMethod);
                    break;
                case IInterpolationOperation interpolation when IsException(interpolation.Expression.Type):
                    Report(operation.Syntax, Violations.StackObservation($"an exception ({interpolation.Expression.Type!.Name}) turned into text"));
                    break;
                case IInvocationOperation invocation:
                    CheckInvocation(invocation);
                    break;
            }
            if (inHashOverride && IsHashValue(operation) && Leaks(operation) is { } leak)
            {
                Report(leak.Syntax, new Violation(RuleIds.HashCode,
                    "a hash code may only be combined and returned inside a GetHashCode override; here it leaves it (an argument, an exception, a field)",
                    "compute the hash with HashCode.Combine or arithmetic and return it; keep other work out of GetHashCode"));
            }
        }
    }

    private void CheckOperator(IOperation operation, IMethodSymbol method)
    {
        if (ApiAllowList.Check(method, isOwnCode) is { } violation)
        {
            Report(operation.Syntax, violation with { Message = $"an implicit or operator call: {violation.Message}" });
        }
    }

    private void CheckConcatenation(IBinaryOperation binary)
    {
        if (binary.OperatorKind == BinaryOperatorKind.Add && binary.Type?.SpecialType == SpecialType.System_String
            && (IsException(Unwrapped(binary.LeftOperand).Type) || IsException(Unwrapped(binary.RightOperand).Type)))
        {
            Report(binary.Syntax, Violations.StackObservation("an exception turned into text"));
        }
    }

    private void CheckInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var typeName = method.ContainingType is { } containing ? ClrNames.Of(containing.OriginalDefinition) : "";
        if (typeName.StartsWith("System.Text.Json", StringComparison.Ordinal))
        {
            var parses = !method.Name.StartsWith("Serialize", StringComparison.Ordinal);
            foreach (var argument in method.TypeArguments)
            {
                CheckBuiltType(invocation.Syntax, argument, parses);
            }
            foreach (var typeOf in invocation.Arguments.Select(a => Unwrapped(a.Value)).OfType<ITypeOfOperation>())
            {
                CheckBuiltType(invocation.Syntax, typeOf.TypeOperand, parses);
            }
        }
        else if (typeName == "System.DateTimeOffset" && method.Name is "ParseExact" or "TryParseExact" && !NamesDateAndZone(invocation))
        {
            Report(invocation.Syntax, Violations.TimeZone($"DateTimeOffset.{method.Name} without a constant format that holds a date and an offset ('zzz') or DateTimeStyles.AssumeUniversal"));
        }
    }

    // JSON builds the collections and values of the type it is given: an IImmutableSet<T> becomes a
    // hash-ordered ImmutableHashSet, and a DateTimeOffset without an offset in the text is read in the local zone.
    private void CheckBuiltType(SyntaxNode at, ITypeSymbol root, bool parses)
    {
        var visited = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        var pending = new Stack<ITypeSymbol>([root]);
        while (pending.TryPop(out var type))
        {
            if (!visited.Add(type))
            {
                continue;
            }
            if (type is IArrayTypeSymbol array)
            {
                pending.Push(array.ElementType);
                continue;
            }
            if (type is not INamedTypeSymbol named)
            {
                continue;
            }
            var name = ClrNames.Of(named.OriginalDefinition);
            if (name is "System.Collections.Immutable.IImmutableSet`1" or "System.Collections.Immutable.IImmutableDictionary`2"
                or "System.Collections.Immutable.ImmutableHashSet`1" or "System.Collections.Immutable.ImmutableDictionary`2")
            {
                Report(at, Violations.HashOrdered($"JSON builds {named.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)} as a hash-ordered collection; it"));
                return;
            }
            if (parses && name is "System.DateTimeOffset" or "System.DateTime")
            {
                Report(at, Violations.TimeZone($"reading JSON into {named.Name} (text without an offset is read in the machine's zone)"));
                return;
            }
            foreach (var argument in named.TypeArguments)
            {
                pending.Push(argument);
            }
            if (named.Locations.Any(l => l.IsInSource))
            {
                foreach (var member in named.GetMembers())
                {
                    if (member is IPropertySymbol { IsStatic: false } property)
                    {
                        pending.Push(property.Type);
                    }
                    else if (member is IFieldSymbol { IsStatic: false, IsImplicitlyDeclared: false } field)
                    {
                        pending.Push(field.Type);
                    }
                }
            }
        }
    }

    private static bool NamesDateAndZone(IInvocationOperation invocation)
    {
        var formats = new List<string>();
        var assumeUniversal = false;
        foreach (var argument in invocation.Arguments)
        {
            var value = Unwrapped(argument.Value);
            switch (argument.Parameter?.Name)
            {
                case "format":
                    if (value.ConstantValue is not { HasValue: true, Value: string format })
                    {
                        return false;
                    }
                    formats.Add(format);
                    break;
                case "formats":
                    if (value is not IArrayCreationOperation { Initializer: { } initializer }
                        || initializer.ElementValues.Any(e => e.ConstantValue is not { HasValue: true, Value: string }))
                    {
                        return false;
                    }
                    formats.AddRange(initializer.ElementValues.Select(e => (string)e.ConstantValue.Value!));
                    break;
                case "styles":
                    assumeUniversal = value.ConstantValue is { HasValue: true, Value: int styles } && (styles & 64) != 0;
                    break;
            }
        }
        return formats.Count > 0 && formats.All(f => HasDate(f) && (assumeUniversal || HasOffset(f)));
    }

    // "R" and "u" are UTC by definition; "O" and "s" hold a date but their offset is optional.
    private static bool HasDate(string format) => format is "O" or "o" or "R" or "r" or "u" or "s" || (format.Length > 1 && format.Contains('y', StringComparison.Ordinal));

    private static bool HasOffset(string format) => format is "R" or "r" or "u" || (format.Length > 1 && format.Contains('z', StringComparison.Ordinal));

    private static bool IsHashValue(IOperation operation) => operation switch
    {
        IInvocationOperation { TargetMethod: var method } => method.Name == "GetHashCode" || ClrNames.Of(method.ContainingType.OriginalDefinition) == "System.HashCode",
        ILocalReferenceOperation => true,
        _ => false,
    };

    // Follows a hash value (or any local, which may hold one) up to its statement: arithmetic, locals,
    // hash combining and return keep it inside; anything else (an argument, an exception, a field) lets it out.
    private static IOperation? Leaks(IOperation value)
    {
        for (IOperation current = value, parent = value.Parent!; parent is not null; current = parent, parent = parent.Parent!)
        {
            switch (parent)
            {
                case IReturnOperation or IExpressionStatementOperation or IVariableDeclarationGroupOperation:
                    return null;
                case IBinaryOperation or IUnaryOperation or IConversionOperation or IParenthesizedOperation or IConditionalOperation
                    or ICoalesceOperation or IVariableInitializerOperation or IVariableDeclaratorOperation or IVariableDeclarationOperation
                    or IIncrementOrDecrementOperation:
                    continue;
                case IAssignmentOperation assignment:
                    if (assignment.Target is ILocalReferenceOperation)
                    {
                        continue;
                    }
                    return ReferenceEquals(assignment.Target, current) ? null : parent;
                case IArgumentOperation { Parent: IInvocationOperation call } when IsHashValue(call):
                    return null;
                case IInvocationOperation call when ReferenceEquals(call.Instance, current) && IsHashValue(call):
                    return null;
                case IInvocationOperation call when ReferenceEquals(call.Instance, current) && call.TargetMethod.ContainingType.SpecialType != SpecialType.None:
                    continue;
                case IPropertyReferenceOperation or IFieldReferenceOperation when current is not IInvocationOperation:
                    // A member of a local (a tuple's item, a string's Length) is a read, not a way out.
                    continue;
                default:
                    return parent;
            }
        }
        return null;
    }

    private static bool IsException(ITypeSymbol? type) => MemberRules.DerivesFrom(type, "System.Exception");

    private static IOperation Unwrapped(IOperation operation) =>
        operation is IConversionOperation { IsImplicit: true } conversion ? Unwrapped(conversion.Operand) : operation;

    private void Report(SyntaxNode at, Violation violation) => diagnostics.Add(at.GetLocation(), violation.Id, violation.Message, violation.Hint);
}
