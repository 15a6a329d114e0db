namespace Microchannels.Demo.Processes;

/// <summary>Where the daemons' build outputs are: the demo runs the same executables a user runs.</summary>
internal static class Repository
{
    /// <summary>The folder holding Microchannels.sln, above the demo's own build output.</summary>
    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Microchannels.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new DemoFailedException("Microchannels.sln not found above the demo's build output: run ./scripts/demo.sh from a clone of the repository.");
        }
    }

    /// <summary>Release or Debug, as the demo itself was built.</summary>
    public static string Configuration => AppContext.BaseDirectory.Contains("/bin/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";

    public static string ProviderDll => Output("src/Provider", "Microchannels.Provider.dll");

    public static string MeterDll => Output("src/Meter/Daemon", "meterd.dll");

    public static string EmbeddedChainDll => Output("src/Settlement/EmbeddedChain", "Microchannels.EmbeddedChain.dll");

    public static string McliDll => Output("src/Cli", "mcli.dll");

    public static string ComposeFile => Path.Combine(Root, "docker-compose.regtest.yml");

    private static string Output(string project, string dll)
    {
        string path = Path.Combine(Root, project, "bin", Configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new DemoFailedException($"{path} is missing: build first (./scripts/demo.sh does).");
    }
}
