namespace Conifer.Store.Exceptions;

/// <summary>A store file declares a format version this build cannot read (written by a newer Conifer).</summary>
public sealed class StoreFormatVersionException : Exception
{
    /// <summary>Creates the exception naming the file and both versions.</summary>
    public StoreFormatVersionException(string file, uint foundVersion, uint supportedVersion)
        : base($"{file} has store format version {foundVersion}; this build reads version {supportedVersion} and older. Upgrade Conifer to open it.")
    {
        File = file;
        FoundVersion = foundVersion;
        SupportedVersion = supportedVersion;
    }

    /// <summary>The file, relative to the store directory.</summary>
    public string File { get; }

    /// <summary>The version in the file.</summary>
    public uint FoundVersion { get; }

    /// <summary>The newest version this build reads.</summary>
    public uint SupportedVersion { get; }
}
