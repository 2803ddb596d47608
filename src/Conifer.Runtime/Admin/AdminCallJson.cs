using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conifer.Compiler;
using Conifer.Values;
using Conifer.Values.Codecs;

namespace Conifer.Runtime.Admin;

/// <summary>
/// The one JSON shape of admin calls, shared by the admin API and the CLI's store-directory mode:
/// <c>{"outcome": "read"|"dry-run"|"committed"|"refused", ...}</c>, values in the value tree's JSON form.
/// </summary>
public static class AdminCallJson
{
    /// <summary>Serializer options for these documents: text as written (no \u escapes), for people and tools.</summary>
    public static JsonSerializerOptions Options { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The JSON document of <paramref name="result"/>.</summary>
    public static JsonObject Of(AdminCallResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result switch
        {
            AdminCallResult.Read read => new JsonObject { ["outcome"] = "read", ["result"] = Tree(read.Result) },
            AdminCallResult.DryRun dry => new JsonObject
            {
                ["outcome"] = "dry-run",
                ["changes"] = new JsonArray([.. dry.Changes.Select(c => (JsonNode?)c)]),
                ["newState"] = Tree(dry.NewState),
            },
            AdminCallResult.Committed committed => new JsonObject
            {
                ["outcome"] = "committed",
                ["sequence"] = committed.Sequence,
                ["changes"] = new JsonArray([.. committed.Changes.Select(c => (JsonNode?)c)]),
                ["newState"] = Tree(committed.NewState),
            },
            AdminCallResult.Refused refused => new JsonObject
            {
                ["outcome"] = "refused",
                ["reason"] = refused.Reason.ToString(),
                ["error"] = refused.Error,
            },
            _ => throw new InvalidOperationException($"{nameof(AdminCallJson)}.{nameof(Of)}: unhandled {result.GetType().Name}."),
        };
    }

    /// <summary>The JSON list of admin functions: name, every parameter (type as written, whether it receives the state), return type, kind.</summary>
    public static JsonArray Functions(IEnumerable<AdminFunctionShape> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        return new JsonArray([.. functions.Select(f => (JsonNode?)new JsonObject
        {
            ["name"] = f.Name,
            ["parameters"] = new JsonArray([.. f.Parameters.Select(p => (JsonNode?)new JsonObject
            {
                ["name"] = p.Name,
                ["type"] = p.TypeName,
                ["isState"] = p.IsState,
            })]),
            ["returnType"] = f.ReturnTypeName,
            ["kind"] = f.IsUpdate ? "update" : "read",
        })]);
    }

    private static JsonNode? Tree(Value value) => JsonNode.Parse(ValueJsonCodec.Write(value));
}
