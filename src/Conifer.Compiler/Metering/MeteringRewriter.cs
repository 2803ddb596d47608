using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Conifer.Compiler.Metering;

/// <summary>
/// Rewrites one syntax tree of an app so that every loop body starts with
/// <c>ExecutionBudget.Tick()</c> and every method, accessor, local function and lambda starts with
/// <c>ExecutionBudget.Enter()</c> (see Conifer.App.Metering). Expression bodies become blocks, which
/// needs the semantic model of the unrewritten tree to know whether a body returns a value.
/// Every <c>goto</c> ticks too. Lambdas that become expression trees are left as they are.
/// </summary>
internal sealed class MeteringRewriter(SemanticModel model) : CSharpSyntaxRewriter
{
    private static readonly StatementSyntax TickStatement = ParseStatement("global::Conifer.App.Metering.ExecutionBudget.Tick();");
    private static readonly StatementSyntax EnterStatement = ParseStatement("global::Conifer.App.Metering.ExecutionBudget.Enter();");

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
