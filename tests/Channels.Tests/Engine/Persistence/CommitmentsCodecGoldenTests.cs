using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.Persistence;
using Xunit.Abstractions;

namespace Microchannels.Channels.Tests.Engine.Persistence;

/// <summary>
/// The stored format, frozen (STYLE.md #11: eclair's nonreg codec files). If one of
/// these fails after a refactor, channels already on disk would no longer load as
/// they were saved: keep the old layout readable and add a new version instead.
/// </summary>
public class CommitmentsCodecGoldenTests(ITestOutputHelper output)
{
    public static TheoryData<string> Names => [.. GoldenScenario.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void Encoding_the_built_state_gives_the_frozen_bytes(string name)
    {
        var (state, pair) = GoldenScenario.Build(name);
        using (pair)
        {
            byte[] encoded = CommitmentsCodec.Encode(state);
            output.WriteLine($"{name}: {encoded.Length} bytes");
            Assert.Equal(Convert.ToHexStringLower(GoldenStates.Bytes(name)), Convert.ToHexStringLower(encoded));
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Decoding_the_frozen_bytes_gives_the_built_state_field_by_field(string name)
    {
        var (state, pair) = GoldenScenario.Build(name);
        using (pair)
        {
            StateAssert.Equal(state, CommitmentsCodec.Decode(GoldenStates.Bytes(name)));
        }
    }

    [Fact]
    public void Frozen_header_is_magic_C_then_version_1()
    {
        foreach (string name in GoldenScenario.Names)
        {
            Assert.Equal(new byte[] { 0x43, 0x00, 0x01 }, GoldenStates.Bytes(name)[..3]);
        }
    }

    [Fact]
    public void Both_sides_decoded_from_the_frozen_bytes_finish_the_exchange_like_the_originals()
    {
        using var original = GoldenScenario.Busy();
        using var restored = GoldenScenario.Busy();
        restored.Meter = CommitmentsCodec.Decode(GoldenStates.Bytes(GoldenScenario.MeterBusy));
        restored.Provider = CommitmentsCodec.Decode(GoldenStates.Bytes(GoldenScenario.ProviderBusy));

        // The queued revoke_and_ack reaches the meter's restored state, then both sign
        // back until quiet, and then transfer once more in each direction.
        foreach (var pair in new[] { original, restored })
        {
            pair.Settle();
            pair.MeterPays(50_000);
            pair.ProviderRefunds(7_000);
            pair.Settle();
        }

        Assert.Equal(CommitmentsCodec.Encode(original.Meter), CommitmentsCodec.Encode(restored.Meter));
        Assert.Equal(CommitmentsCodec.Encode(original.Provider), CommitmentsCodec.Encode(restored.Provider));
        Assert.Equal(restored.Meter.LocalCommit.Spec, restored.Provider.RemoteCommit.Spec);
        Assert.Equal(restored.Provider.LocalCommit.Spec, restored.Meter.RemoteCommit.Spec);
        Assert.False(restored.Meter.AwaitingRevocation);
    }

    [Fact]
    public void The_busy_states_hold_what_the_scenario_promises()
    {
        // Guards the golden data itself: the frozen states really exercise every part of the format.
        var meter = CommitmentsCodec.Decode(GoldenStates.Bytes(GoldenScenario.MeterBusy));
        Assert.NotNull(meter.NextRemoteCommit);
        Assert.Null(meter.RemoteNextPerCommitmentPoint);
        Assert.NotEmpty(meter.LocalChanges.Proposed);
        Assert.Contains(meter.LocalChanges.Signed, u => u is FeeUpdate);
        Assert.Contains(meter.LocalChanges.Signed, u => u is TransferUpdate);
        Assert.NotEmpty(meter.RemoteChanges.Proposed);
        Assert.True(meter.RemoteSecrets.StoredEntryCount >= 2);
        Assert.NotNull(meter.LastLocalReading);
        Assert.NotNull(meter.LastRemoteReading);

        var provider = CommitmentsCodec.Decode(GoldenStates.Bytes(GoldenScenario.ProviderBusy));
        Assert.NotEmpty(provider.LocalChanges.Proposed);
        Assert.NotEmpty(provider.RemoteChanges.Acked);
        Assert.NotNull(provider.RemoteNextPerCommitmentPoint);
        Assert.Null(provider.NextRemoteCommit);

        var htlcs = CommitmentsCodec.Decode(GoldenStates.Bytes(GoldenScenario.WithHtlcs));
        Assert.Equal(2, htlcs.LocalCommit.Spec.Htlcs.Length);
    }
}
