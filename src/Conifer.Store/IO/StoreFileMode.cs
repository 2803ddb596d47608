namespace Conifer.Store.IO;

/// <summary>How <see cref="IStoreFileSystem.Open"/> opens a file.</summary>
public enum StoreFileMode
{
    /// <summary>Create a new empty file for reading and writing; fails if it exists.</summary>
    CreateNew,

    /// <summary>Open an existing file for reading and writing.</summary>
    OpenReadWrite,

    /// <summary>Open an existing file for reading only.</summary>
    OpenRead,
}
