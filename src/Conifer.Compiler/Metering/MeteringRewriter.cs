using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Conifer.Compiler.Metering;

/// <summary>
/// Rewrites one syntax tree of an app so that every loop body starts with
/// <c>ExecutionBudget.Tick()</c> and every method, accessor, local function and lambda starts with
/// <c>ExecutionBudget.Enter()</c> (see Conifer.App.Metering). Expression bodies become blocks, which
/// needs the semantic model of the unrewritten tree to know whether a body returns a value.
/// Every <c>goto</c> ticks too. Lambdas that become expression trees are left as they are.
/// Every <c>catch</c> gets the filter <c>ExecutionBudget.MayCatch(e)</c>, so that no app code can catch
/// the exception that stops a call, and every regular expression built from a pattern gets the
/// call's remaining time as its match timeout (<c>ExecutionBudget.RegexTimeout</c>).
/// </summary>
internal sealed class MeteringRewriter(SemanticModel model) : CSharpSyntaxRewriter
{
    private const string Budget = "global::Conifer.App.Metering.ExecutionBudget";
    private static readonly StatementSyntax TickStatement = ParseStatement(Budget + ".Tick();");
    private static readonly StatementSyntax EnterStatement = ParseStatement(Budget + ".Enter();");

    // Names for the exception of a catch that declares none. '$' cannot appear in a C# identifier,
    // so no app code can declare or name one; the number keeps nested catches apart.
    private int _caught;

    /// <summary>
    /// <c>catch (T e) when (f)</c> becomes <c>catch (T e) when (MayCatch(e) &amp;&amp; (f))</c>; a catch without
    /// a variable gets one, a catch without a type catches <see cref="Exception"/> (which in C# is every
    /// exception). A filter runs before any <c>finally</c> below it, so the exception is refused where
    /// it is thrown, and once a call is stopped every exception is refused.
    /// </summary>
    public override SyntaxNode? VisitCatchClause(CatchClauseSyntax node)
    {
        var visited = (CatchClauseSyntax)base.VisitCatchClause(node)!;
        var declaration = visited.Declaration
            ?? CatchDeclaration(ParseTypeName("global::System.Exception"));
        if (declaration.Identifier.IsKind(SyntaxKind.None))
        {
            declaration = declaration.WithIdentifier(Identifier("conifer$caught" + ++_caught).WithLeadingTrivia(Space));
        }
        ExpressionSyntax mayCatch = InvocationExpression(
            ParseExpression(Budget + ".MayCatch"),
            ArgumentList(SingletonSeparatedList(Argument(IdentifierName(declaration.Identifier.WithoutTrivia())))));
        var condition = visited.Filter is { } filter
            ? BinaryExpression(SyntaxKind.LogicalAndExpression, mayCatch, ParenthesizedExpression(filter.FilterExpression))
            : mayCatch;
        return visited
            .WithCatchKeyword(visited.CatchKeyword.WithTrailingTrivia(Space))
            .WithDeclaration(declaration.WithTrailingTrivia(Space))
            .WithFilter(CatchFilterClause(condition).WithWhenKeyword(Token(SyntaxKind.WhenKeyword).WithTrailingTrivia(Space)).WithTrailingTrivia(Space));
    }

    /// <summary>
    /// <c>finally { … }</c> becomes <c>finally { if (Continues()) { … } }</c>: a stopped call runs none of
    /// its finally blocks, and the end of each stays reachable (see <c>ExecutionBudget.Continues</c>).
    /// </summary>
    public override SyntaxNode? VisitFinallyClause(FinallyClauseSyntax node)
    {
        var visited = (FinallyClauseSyntax)base.VisitFinallyClause(node)!;
        var guard = IfStatement(ParseExpression(Budget + ".Continues()"), visited.Block);
        return visited.WithBlock(SyntaxFactory.Block(guard));
    }

    public override SyntaxNode? VisitObjectCreationExpression(ObjectCreationExpressionSyntax node)
    {
        var visited = (ObjectCreationExpressionSyntax)base.VisitObjectCreationExpression(node)!;
        return visited.ArgumentList is { } arguments && BuildsRegex(node) is { } operation
            ? visited.WithArgumentList(WithRegexTimeout(arguments, operation.Arguments, node.ArgumentList!))
            : visited;
    }

    public override SyntaxNode? VisitImplicitObjectCreationExpression(ImplicitObjectCreationExpressionSyntax node)
    {
        var visited = (ImplicitObjectCreationExpressionSyntax)base.VisitImplicitObjectCreationExpression(node)!;
        return BuildsRegex(node) is { } operation
            ? visited.WithArgumentList(WithRegexTimeout(visited.ArgumentList, operation.Arguments, node.ArgumentList))
            : visited;
    }

    /// <summary>A static <c>Regex</c> method that takes a pattern (<c>Regex.IsMatch(input, pattern)</c>, …) gets the timeout as the constructor does.</summary>
    public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
    {
        var visited = (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!;
        return model.GetOperation(node) is IInvocationOperation { TargetMethod: { IsStatic: true } method } operation
            && IsRegex(method.ContainingType) && method.Parameters.Any(p => p.Name == "pattern")
            ? visited.WithArgumentList(WithRegexTimeout(visited.ArgumentList, operation.Arguments, node.ArgumentList))
            : visited;
    }

    private IObjectCreationOperation? BuildsRegex(SyntaxNode creation) =>
        model.GetOperation(creation) is IObjectCreationOperation { Constructor: { } constructor } operation
            && IsRegex(constructor.ContainingType) && constructor.Parameters.Any(p => p.Name == "pattern")
            ? operation
            : null;

    private static bool IsRegex(INamedTypeSymbol type) =>
        type is { Name: "Regex", ContainingNamespace: var ns } && ns.ToDisplayString() == "System.Text.RegularExpressions";

    /// <summary>
    /// The arguments with the match timeout bounded by the call's remaining time: an explicit one is
    /// wrapped, a missing one (and the options before it) is added by name. Every Regex constructor
    /// and static method that takes a pattern has an overload that adds <c>options</c> and
    /// <c>matchTimeout</c>, which is the one this selects.
    /// </summary>
    private static ArgumentListSyntax WithRegexTimeout(ArgumentListSyntax visited, ImmutableArray<IArgumentOperation> bound, ArgumentListSyntax original)
    {
        var arguments = visited.Arguments;
        var hasOptions = false;
        var hasTimeout = false;
        for (var i = 0; i < original.Arguments.Count; i++)
        {
            var parameter = bound.FirstOrDefault(a => a.Syntax == original.Arguments[i])?.Parameter?.Name;
            hasOptions |= parameter == "options";
            if (parameter == "matchTimeout")
            {
                hasTimeout = true;
                arguments = arguments.Replace(arguments[i], arguments[i].WithExpression(RegexTimeout(arguments[i].Expression)));
            }
        }
        if (!hasOptions)
        {
            arguments = arguments.Add(Argument(NameColon("options"), default, ParseExpression("global::System.Text.RegularExpressions.RegexOptions.None")));
        }
        if (!hasTimeout)
        {
            arguments = arguments.Add(Argument(NameColon("matchTimeout"), default, RegexTimeout(ParseExpression("global::System.Text.RegularExpressions.Regex.InfiniteMatchTimeout"))));
        }
        return visited.WithArguments(arguments);
    }

    private static InvocationExpressionSyntax RegexTimeout(ExpressionSyntax requested) =>
        InvocationExpression(ParseExpression(Budget + ".RegexTimeout"), ArgumentList(SingletonSeparatedList(Argument(requested))));

    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
    {
        var visited = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
        return visited.WithStatement(Ticked(visited.Statement));
    }

    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
    {
        var visited = (DoStatementSyntax)base.VisitDoStatement(node)!;
        return visited.WithStatement(Ticked(visited.Statement));
    }

    public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
    {
        var visited = (ForStatementSyntax)base.VisitForStatement(node)!;
        return visited.WithStatement(Ticked(visited.Statement));
    }

    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
    {
        var visited = (ForEachStatementSyntax)base.VisitForEachStatement(node)!;
        return visited.WithStatement(Ticked(visited.Statement));
    }

    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
    {
        var visited = (ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!;
        return visited.WithStatement(Ticked(visited.Statement));
    }

    /// <summary>
    /// A <c>goto</c> (to a label, a case or the default) is where a goto loop turns: it becomes
    /// <c>{ Tick(); goto …; }</c>, which declares nothing, so no scope changes.
    /// </summary>
    public override SyntaxNode? VisitGotoStatement(GotoStatementSyntax node) =>
        SyntaxFactory.Block(TickStatement, (GotoStatementSyntax)base.VisitGotoStatement(node)!);

    public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node)
    {
        var visited = (MethodDeclarationSyntax)base.VisitMethodDeclaration(node)!;
        return (visited.Body, visited.ExpressionBody) switch
        {
            ({ } body, _) => visited.WithBody(Entered(body)),
            (null, { } arrow) when Returns(node) is { } returnsVoid =>
                visited.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Block(arrow.Expression, returnsVoid)),
            _ => visited,
        };
    }

    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        var visited = (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!;
        return (visited.Body, visited.ExpressionBody) switch
        {
            ({ } body, _) => visited.WithBody(Entered(body)),
            (null, { } arrow) when Returns(node) is { } returnsVoid =>
                visited.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Block(arrow.Expression, returnsVoid)),
            _ => visited,
        };
    }

    public override SyntaxNode? VisitConstructorDeclaration(ConstructorDeclarationSyntax node)
    {
        var visited = (ConstructorDeclarationSyntax)base.VisitConstructorDeclaration(node)!;
        return (visited.Body, visited.ExpressionBody) switch
        {
            ({ } body, _) => visited.WithBody(Entered(body)),
            (null, { } arrow) => visited.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Block(arrow.Expression, returnsVoid: true)),
            _ => visited,
        };
    }

    public override SyntaxNode? VisitOperatorDeclaration(OperatorDeclarationSyntax node)
    {
        var visited = (OperatorDeclarationSyntax)base.VisitOperatorDeclaration(node)!;
        return (visited.Body, visited.ExpressionBody) switch
        {
            ({ } body, _) => visited.WithBody(Entered(body)),
            (null, { } arrow) when Returns(node) is { } returnsVoid =>
                visited.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Block(arrow.Expression, returnsVoid)),
            _ => visited,
        };
    }

    public override SyntaxNode? VisitConversionOperatorDeclaration(ConversionOperatorDeclarationSyntax node)
    {
        var visited = (ConversionOperatorDeclarationSyntax)base.VisitConversionOperatorDeclaration(node)!;
        return (visited.Body, visited.ExpressionBody) switch
        {
            ({ } body, _) => visited.WithBody(Entered(body)),
            (null, { } arrow) => visited.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Block(arrow.Expression, returnsVoid: false)),
            _ => visited,
        };
    }

    public override SyntaxNode? VisitAccessorDeclaration(AccessorDeclarationSyntax node)
    {
        var visited = (AccessorDeclarationSyntax)base.VisitAccessorDeclaration(node)!;
        var returnsVoid = !node.IsKind(SyntaxKind.GetAccessorDeclaration);
        return (visited.Body, visited.ExpressionBody) switch
        {
            ({ } body, _) => visited.WithBody(Entered(body)),
            (null, { } arrow) => visited.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Block(arrow.Expression, returnsVoid)),
            _ => visited,
        };
    }

    public override SyntaxNode? VisitPropertyDeclaration(PropertyDeclarationSyntax node)
    {
        var visited = (PropertyDeclarationSyntax)base.VisitPropertyDeclaration(node)!;
        return visited.ExpressionBody is { } arrow
            ? visited.WithExpressionBody(null).WithSemicolonToken(default).WithAccessorList(Getter(arrow))
            : visited;
    }

    public override SyntaxNode? VisitIndexerDeclaration(IndexerDeclarationSyntax node)
    {
        var visited = (IndexerDeclarationSyntax)base.VisitIndexerDeclaration(node)!;
        return visited.ExpressionBody is { } arrow
            ? visited.WithExpressionBody(null).WithSemicolonToken(default).WithAccessorList(Getter(arrow))
            : visited;
    }

    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node)
    {
        // An expression tree (and every lambda inside it) must stay an expression: it is data until compiled.
        if (IsExpressionTree(node))
        {
            return node;
        }
        var visited = (SimpleLambdaExpressionSyntax)base.VisitSimpleLambdaExpression(node)!;
        return Metered(node, visited);
    }

    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node)
    {
        if (IsExpressionTree(node))
        {
            return node;
        }
        var visited = (ParenthesizedLambdaExpressionSyntax)base.VisitParenthesizedLambdaExpression(node)!;
        return Metered(node, visited);
    }

    public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node)
    {
        var visited = (AnonymousMethodExpressionSyntax)base.VisitAnonymousMethodExpression(node)!;
        return visited.WithBlock(Entered(visited.Block));
    }

    private AnonymousFunctionExpressionSyntax Metered(AnonymousFunctionExpressionSyntax original, AnonymousFunctionExpressionSyntax visited)
    {
        if (visited.Block is { } block)
        {
            return visited.WithBlock(Entered(block));
        }
        if (visited.ExpressionBody is { } expression && model.GetSymbolInfo(original).Symbol is IMethodSymbol lambda)
        {
            return visited.WithExpressionBody(null).WithBlock(Block(expression, lambda.ReturnsVoid));
        }
        return visited;
    }

    private bool IsExpressionTree(AnonymousFunctionExpressionSyntax lambda) =>
        model.GetTypeInfo(lambda).ConvertedType is INamedTypeSymbol { Name: "Expression", ContainingNamespace: var ns } && ns.ToDisplayString() == "System.Linq.Expressions";

    private bool? Returns(SyntaxNode declaration) =>
        model.GetDeclaredSymbol(declaration) is IMethodSymbol method ? method.ReturnsVoid : null;

    private static AccessorListSyntax Getter(ArrowExpressionClauseSyntax arrow) =>
        AccessorList(SingletonList(AccessorDeclaration(SyntaxKind.GetAccessorDeclaration, Block(arrow.Expression, returnsVoid: false))));

    /// <summary>An expression body as a block: <c>{ Enter(); return e; }</c>, <c>{ Enter(); e; }</c> or <c>{ Enter(); throw x; }</c>.</summary>
    private static BlockSyntax Block(ExpressionSyntax expression, bool returnsVoid)
    {
        StatementSyntax statement = expression switch
        {
            ThrowExpressionSyntax thrown => ThrowStatement(Token(SyntaxKind.ThrowKeyword).WithTrailingTrivia(Space), thrown.Expression, Token(SyntaxKind.SemicolonToken)),
            _ when returnsVoid => ExpressionStatement(expression),
            _ => ReturnStatement(Token(SyntaxKind.ReturnKeyword).WithTrailingTrivia(Space), expression, Token(SyntaxKind.SemicolonToken)),
        };
        return SyntaxFactory.Block(EnterStatement, statement);
    }

    private static BlockSyntax Entered(BlockSyntax body) => body.WithStatements(body.Statements.Insert(0, EnterStatement));

    private static BlockSyntax Ticked(StatementSyntax body) => body is BlockSyntax block
        ? block.WithStatements(block.Statements.Insert(0, TickStatement))
        : SyntaxFactory.Block(TickStatement, body);
}
