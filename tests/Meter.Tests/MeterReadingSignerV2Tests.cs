using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels;
using Microchannels.Channels.Wire;

namespace Microchannels.Meter.Tests;

/// <summary>Version-2 readings (docs/PROTOCOL.md): bound to their payment and chained for the meter's whole life.</summary>
public class MeterReadingSignerV2Tests
{
    private static readonly Point Provider = new(PrivateKey.FromBytes(Hashes.Sha256("provider"u8)).PublicKey.AsSpan());
    private static readonly ChannelId First = new(Hashes.Sha256("first channel"u8));
    private static readonly ChannelId Second = new(Hashes.Sha256("second channel"u8));

    private static PrivateKey Key() => PrivateKey.FromBytes(Hashes.Sha256("meter reading key"u8));

    [Fact]
    public void Readings_chain_across_channels_and_restarts()
    {
        var register = new EnergyRegister(1000).Count(10);
        SignedMeterReading a, b;
        using (var signer = new MeterReadingSigner(Key()))
        {
            a = signer.SignV2(register, 0, 100, ChainHash.Regtest, First, Provider, 0, new MilliSatoshis(5_000));
            b = signer.SignV2(register.Count(1), 0, 105, ChainHash.Regtest, First, Provider, 1, new MilliSatoshis(6_000));
        }

        Assert.Equal(ReadingBinding.Genesis, a.Reading.Binding!.PreviousReadingHash);
        Assert.Equal(a.Reading.SigningHash(), b.Reading.Binding!.PreviousReadingHash);

        // The first reading of the next channel chains to the last of the previous one.
        using var restarted = new MeterReadingSigner(Key(), b.Reading);
        var c = restarted.SignV2(register.Count(2), 1, 110, ChainHash.Regtest, Second, Provider, 0, new MilliSatoshis(5_000));
        Assert.Equal(b.Reading.SigningHash(), c.Reading.Binding!.PreviousReadingHash);
        Assert.Equal(Second, c.Reading.Binding.ChannelId);
        Assert.True(restarted.PublicKey.Verify(c.Reading.SigningHash().AsSpan(), EcdsaSignature.FromCompact(c.Signature.AsSpan())));
        Assert.Throws<InvalidOperationException>(() => restarted.SignV2(register.Count(3), 0, 115, ChainHash.Regtest, Second, Provider, 1, new MilliSatoshis(1))); // export went back
    }

    [Fact]
    public void Version_2_signature_never_verifies_as_version_1()
    {
        using var signer = new MeterReadingSigner(Key());
        var v2 = signer.SignV2(new EnergyRegister(1000).Count(10), 0, 100, ChainHash.Regtest, First, Provider, 0, new MilliSatoshis(5_000));
        var asV1 = v2.Reading with { Binding = null };
        Assert.False(signer.PublicKey.Verify(asV1.SigningHash().AsSpan(), EcdsaSignature.FromCompact(v2.Signature.AsSpan())));
    }
}
