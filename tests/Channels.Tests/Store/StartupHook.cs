using Microchannels.Channels.Tests.Node;
using Microchannels.Channels.Tests.Store;

/// <summary>
/// Entry point of the crash test's child process. The test project's Main is generated
/// by the test SDK and does nothing, and no new project may be added, so the child is
/// this assembly run with <c>dotnet exec</c> and <c>DOTNET_STARTUP_HOOKS</c> pointing at
/// it: the runtime calls <c>StartupHook.Initialize</c> before Main. The runtime requires
/// the type to be named exactly <c>StartupHook</c> and to sit outside any namespace.
/// Under the ordinary test host the variable below is unset and this never runs.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(StoreCrashChild.DatabaseVariable) is { Length: > 0 } path)
        {
            StoreCrashChild.Run(path);
        }

        if (Environment.GetEnvironmentVariable(ProviderNodeChild.DirectoryVariable) is { Length: > 0 } directory)
        {
            ProviderNodeChild.Run(directory);
        }
    }
}
