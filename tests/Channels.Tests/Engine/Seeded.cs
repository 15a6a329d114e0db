using FsCheck;
using Microsoft.FSharp.Core;

namespace Microchannels.Channels.Tests.Engine;

/// <summary>FsCheck configuration with a fixed seed, so a property run is reproducible in CI and locally.</summary>
internal static class Seeded
{
    public const ulong Seed = 20261122;

    public static Config Config(int runs) =>
        FsCheck.Config.QuickThrowOnFailure
            .WithMaxTest(runs)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(Seed, 0x9e3779b97f4a7c15), FSharpOption<int>.None)));
}
