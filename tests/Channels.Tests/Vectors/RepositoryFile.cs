namespace Microchannels.Channels.Tests.Vectors;

/// <summary>Finds a file of the repository (docs/PROTOCOL.md, ...) by walking up from the test binaries.</summary>
internal static class RepositoryFile
{
    public static string Find(params string[] relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine([dir.FullName, .. relativePath]);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{Path.Combine(relativePath)} not found above {AppContext.BaseDirectory}");
    }
}
