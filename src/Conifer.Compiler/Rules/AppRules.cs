using Conifer.Compiler.Shape;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Conifer.Compiler.Rules;

/// <summary>
/// The determinism and immutability rules, as analysis over Roslyn's semantic model: every name
/// in the app's code is bound to its symbol and checked against <see cref="ApiAllowList"/>;
/// attributes (at every target, the assembly and the module included) are names like any other, so
/// only allowed attributes pass; declarations are checked for static mutable state, unsafe code,
/// P/Invoke, async, dynamic and framework namespaces; bodies by <see cref="OperationRules"/>; the
/// stored types by <see cref="StateTypeRules"/>.
/// </summary>
internal static class AppRules
{
    public static void Check(Compilation compilation, DiscoveredShape shape, DiagnosticBag diagnostics) =>
        Check(compilation, shape, diagnostics, symbol => SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, compilation.Assembly));

    /// <summary>
    /// Checks with <paramref name="isOwnCode"/> naming the symbols that are code already checked
    /// rather than API uses: an eval script also calls into the app it runs against.
    /// </summary>
    public static void Check(Compilation compilation, DiscoveredShape shape, DiagnosticBag diagnostics, Func<ISymbol, bool> isOwnCode)
    {
        foreach (var tree in compilation.SyntaxTrees.Where(t => t.FilePath != AppCompiler.GlobalUsingsPath))
        {
            var model = compilation.GetSemanticModel(tree);
            var operations = new OperationRules(isOwnCode, diagnostics);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                CheckNode(node, model, compilation, isOwnCode, diagnostics);
                if (IsBody(node) && model.GetOperation(node) is { } body)
                {
                    operations.Check(body, model.GetDeclaredSymbol(node));
                }
            }
        }
        var stateRules = new StateTypeRules(compilation, diagnostics);
        foreach (var root in shape.StateTypeRoots)
        {
            stateRules.Check(root);
        }
    }

    private static void CheckNode(SyntaxNode node, SemanticModel model, Compilation compilation, Func<ISymbol, bool> isOwnCode, DiagnosticBag diagnostics)
    {
        switch (node)
        {
            case SimpleNameSyntax name:
                CheckName(name, model, isOwnCode, diagnostics);
                break;
            case UnsafeStatementSyntax or FixedStatementSyntax or PointerTypeSyntax or FunctionPointerTypeSyntax:
                diagnostics.Add(node.GetLocation(), RuleIds.Unsafe, "unsafe code is not allowed in an app", "use Span<T> and safe code");
                break;
            // Only constructors of allowed types can add a violation; a denied type is reported at its name.
            case BaseObjectCreationExpressionSyntax creation when model.GetSymbolInfo(creation).Symbol is IMethodSymbol constructor
                && ApiAllowList.Check(constructor.ContainingType, isOwnCode) is null
                && ApiAllowList.Check(constructor, isOwnCode) is { } violation:
                Report(diagnostics, creation.GetLocation(), violation);
                break;
            case DestructorDeclarationSyntax destructor:
                Report(diagnostics, destructor.Identifier.GetLocation(), ApiAllowList.Threads("a finalizer (runs on the garbage collector's thread at an unknown time)"));
                break;
            case AwaitExpressionSyntax:
                Report(diagnostics, node.GetLocation(), ApiAllowList.Threads("await"));
                break;
            case FieldDeclarationSyntax field:
                CheckStaticField(field, model, compilation, diagnostics);
                break;
            case PropertyDeclarationSyntax property:
                CheckStaticProperty(property, model, compilation, diagnostics);
                break;
            case BaseNamespaceDeclarationSyntax { Name: var namespaceName } when IsReserved(namespaceName.ToString()):
                diagnostics.Add(namespaceName.GetLocation(), RuleIds.ReservedNamespace,
                    $"app code may not declare types in the namespace {namespaceName}, which belongs to .NET or Conifer (a type there could stand in for one the compiler or the rules trust)",
                    "use a namespace of your own, e.g. Backend");
                break;
            case EventFieldDeclarationSyntax { Modifiers: var modifiers } eventField when modifiers.Any(SyntaxKind.StaticKeyword):
                diagnostics.Add(eventField.GetLocation(), RuleIds.StaticMutable,
                    "a static event holds mutable state outside the State", "remove it; return Commands instead");
                break;
        }
        foreach (var token in Modifiers(node))
        {
            if (token.IsKind(SyntaxKind.UnsafeKeyword))
            {
                diagnostics.Add(token.GetLocation(), RuleIds.Unsafe, "unsafe code is not allowed in an app", "use Span<T> and safe code");
            }
            else if (token.IsKind(SyntaxKind.ExternKeyword))
            {
                diagnostics.Add(token.GetLocation(), RuleIds.Extern,
                    $"extern method {Identifier(node)} calls native code (P/Invoke)", "remove it; app code is managed only");
            }
            else if (token.IsKind(SyntaxKind.AsyncKeyword))
            {
                Report(diagnostics, token.GetLocation(), ApiAllowList.Threads("async"));
            }
        }
    }

    private static void CheckName(SimpleNameSyntax name, SemanticModel model, Func<ISymbol, bool> isOwnCode, DiagnosticBag diagnostics)
    {
        if (name is IdentifierNameSyntax { IsVar: true } || InsideNameof(name))
        {
            return;
        }
        var info = model.GetSymbolInfo(name);
        var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
        if (symbol is IMethodSymbol { ReducedFrom: { } reduced })
        {
            symbol = reduced;
        }
        if (IsAttributeName(name) && symbol is IMethodSymbol { MethodKind: MethodKind.Constructor } attributeConstructor)
        {
            // An attribute is checked as its type (the compiler and the runtime act on the type, whatever the arguments).
            symbol = attributeConstructor.ContainingType;
        }
        if (symbol is null || ApiAllowList.Check(symbol, isOwnCode) is not { } violation)
        {
            return;
        }
        if (violation.Id == RuleIds.HashCode && InsideGetHashCodeOverride(name))
        {
            return;
        }
        Report(diagnostics, name.GetLocation(), violation);
    }

    private static void CheckStaticField(FieldDeclarationSyntax field, SemanticModel model, Compilation compilation, DiagnosticBag diagnostics)
    {
        if (!field.Modifiers.Any(SyntaxKind.StaticKeyword) || field.Modifiers.Any(SyntaxKind.ConstKeyword))
        {
            return;
        }
        foreach (var variable in field.Declaration.Variables)
        {
            if (model.GetDeclaredSymbol(variable) is not IFieldSymbol symbol)
            {
                continue;
            }
            if (!symbol.IsReadOnly)
            {
                diagnostics.Add(variable.Identifier.GetLocation(), RuleIds.StaticMutable,
                    $"static field {symbol.Name} is mutable; data outside the State is lost on restart and not replayed",
                    "make it const or static readonly of an immutable type, or move it into the State");
            }
            else if (!IsImmutableForStatic(compilation, symbol.Type))
            {
                diagnostics.Add(variable.Identifier.GetLocation(), RuleIds.StaticMutable,
                    $"static readonly field {symbol.Name} has the mutable type {symbol.Type.ToDisplayString()}; its contents can still change",
                    "use an immutable type (e.g. ImmutableArray, ImmutableSortedDictionary) or move it into the State");
            }
            else if (symbol.Type.TypeKind == TypeKind.Delegate && !IsLambdaOrMethod(variable.Initializer?.Value, model))
            {
                ReportDelegateFromCall(diagnostics, variable.Identifier.GetLocation(), symbol.Name);
            }
        }
    }

    private static void CheckStaticProperty(PropertyDeclarationSyntax property, SemanticModel model, Compilation compilation, DiagnosticBag diagnostics)
    {
        if (!property.Modifiers.Any(SyntaxKind.StaticKeyword) || model.GetDeclaredSymbol(property) is not { } symbol)
        {
            return;
        }
        var isAuto = property.AccessorList is { } accessors && accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null);
        if (!isAuto)
        {
            return;
        }
        if (symbol.SetMethod is not null)
        {
            diagnostics.Add(property.Identifier.GetLocation(), RuleIds.StaticMutable,
                $"static property {symbol.Name} has a setter; data outside the State is lost on restart and not replayed",
                "remove the setter, or move the value into the State");
        }
        else if (!IsImmutableForStatic(compilation, symbol.Type))
        {
            diagnostics.Add(property.Identifier.GetLocation(), RuleIds.StaticMutable,
                $"static property {symbol.Name} holds the mutable type {symbol.Type.ToDisplayString()}; its contents can still change",
                "use an immutable type (e.g. ImmutableArray, ImmutableSortedDictionary) or move it into the State");
        }
        else if (symbol.Type.TypeKind == TypeKind.Delegate && property.Initializer is { } initializer && !IsLambdaOrMethod(initializer.Value, model))
        {
            ReportDelegateFromCall(diagnostics, property.Identifier.GetLocation(), symbol.Name);
        }
    }

    // A static may only hold a value of a known-immutable type: anything that passes the state-type rules,
    // delegates, a few more immutable values, and three framework classes that are immutable once built
    // (compiled patterns, comparers, composite formats) as long as no app type derives from them. Not
    // CultureInfo, Encoding or JsonSerializerOptions: a clone or a new one can be changed after it is stored.
    private static bool IsImmutableForStatic(Compilation compilation, ITypeSymbol type)
    {
        if (type.TypeKind == TypeKind.Delegate)
        {
            return true;
        }
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            return IsImmutableForStatic(compilation, nullable.TypeArguments[0]);
        }
        var name = ClrNames.Of(type.OriginalDefinition);
        if (ImmutableValues.Contains(name))
        {
            return true;
        }
        if (name is "System.Text.RegularExpressions.Regex" or "System.StringComparer" or "System.Text.CompositeFormat")
        {
            return !ShapeDiscovery.SourceTypes(compilation).Any(t => MemberRules.DerivesFrom(t.BaseType, name));
        }
        return StateTypeRules.IsImmutable(compilation, type);
    }

    private static readonly HashSet<string> ImmutableValues =
    [
        "System.Char", "System.Single", "System.Half", "System.Int128", "System.UInt128", "System.TimeSpan", "System.DateOnly",
        "System.TimeOnly", "System.Text.Rune", "System.Index", "System.Range", "System.Numerics.BigInteger", "System.Numerics.Complex",
        "System.Uri", "System.Version", "System.StringComparison", "System.Text.RegularExpressions.RegexOptions",
        "System.Globalization.NumberStyles", "System.Globalization.DateTimeStyles",
    ];

    // A delegate made by a call can close over a mutable local of that call: hidden state that a
    // restart loses. A lambda or method group in a static initializer can only capture statics,
    // which are checked themselves.
    private static bool IsLambdaOrMethod(ExpressionSyntax? value, SemanticModel model) =>
        value is null or AnonymousFunctionExpressionSyntax
        || (value is IdentifierNameSyntax or MemberAccessExpressionSyntax && model.GetSymbolInfo(value).Symbol is IMethodSymbol);

    private static void ReportDelegateFromCall(DiagnosticBag diagnostics, Location location, string name) =>
        diagnostics.Add(location, RuleIds.StaticMutable,
            $"static delegate {name} is made by a call and may close over mutable state",
            "initialize it with a lambda or a method name");

    private static void Report(DiagnosticBag diagnostics, Location location, Violation violation) =>
        diagnostics.Add(location, violation.Id, violation.Message, violation.Hint);

    private static SyntaxTokenList Modifiers(SyntaxNode node) => node switch
    {
        MemberDeclarationSyntax member => member.Modifiers,
        LocalFunctionStatementSyntax local => local.Modifiers,
        AnonymousFunctionExpressionSyntax lambda => lambda.Modifiers,
        _ => default,
    };

    private static string Identifier(SyntaxNode node) => node switch
    {
        MethodDeclarationSyntax method => method.Identifier.ValueText,
        LocalFunctionStatementSyntax local => local.Identifier.ValueText,
        _ => "",
    };

    // The syntax whose operation tree is a whole body: a member's body or initializer, a script's statement.
    private static bool IsBody(SyntaxNode node) => node switch
    {
        BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or GlobalStatementSyntax => true,
        ArrowExpressionClauseSyntax { Parent: BasePropertyDeclarationSyntax } => true,
        EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax } or PropertyDeclarationSyntax or ParameterSyntax } => true,
        _ => false,
    };

    private static bool IsReserved(string ns) =>
        ns is "System" or "Microsoft" or "Conifer" || ns.StartsWith("System.", StringComparison.Ordinal)
        || ns.StartsWith("Microsoft.", StringComparison.Ordinal) || ns.StartsWith("Conifer.", StringComparison.Ordinal)
        || ns.StartsWith("global::", StringComparison.Ordinal) && IsReserved(ns["global::".Length..]);

    private static bool IsAttributeName(SimpleNameSyntax name) => name.Parent switch
    {
        AttributeSyntax => true,
        QualifiedNameSyntax { Parent: AttributeSyntax } qualified => qualified.Right == name,
        AliasQualifiedNameSyntax { Parent: AttributeSyntax } aliased => aliased.Name == name,
        _ => false,
    };

    private static bool InsideNameof(SyntaxNode node) =>
        node.Ancestors().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" });

    private static bool InsideGetHashCodeOverride(SyntaxNode node) =>
        node.FirstAncestorOrSelf<MethodDeclarationSyntax>() is { Identifier.ValueText: "GetHashCode" } method
        && method.Modifiers.Any(SyntaxKind.OverrideKeyword);
}
