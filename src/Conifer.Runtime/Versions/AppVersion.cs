using Conifer.Compiler;
using Conifer.Store;

namespace Conifer.Runtime.Versions;

/// <summary>An app version the runtime can run: the loaded assembly and the codecs of its types.</summary>
internal sealed class AppVersion
{
    public AppVersion(LoadedApp app, BlobId sourceBlob)
    {
        App = app;
        SourceBlob = sourceBlob;
        State = TypeCodec.For(app.StateType);
    }

    public string VersionId => App.VersionId;

    public LoadedApp App { get; }

    public BlobId SourceBlob { get; }

    /// <summary>The codec of the app's <c>State</c>.</summary>
    public TypeCodec State { get; }
}
