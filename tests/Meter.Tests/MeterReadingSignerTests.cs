using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Wire;

namespace Microchannels.Meter.Tests;

public class MeterReadingSignerTests
{
    private static PrivateKey Key() => PrivateKey.FromBytes(Hashes.Sha256("meter reading key"u8));

    [Fact]
    public void A_signed_reading_verifies_against_the_meter_key_and_carries_the_register()
    {
        using var signer = new MeterReadingSigner(Key());
        var register = new EnergyRegister(1000).Count(1234);
        var signed = signer.Sign(register, 1_700_000_000);

        Assert.Equal(new MeterReading(1234, 1234, 1_700_000_000), signed.Reading);
        var signature = EcdsaSignature.FromCompact(signed.Signature.AsSpan());
        Assert.True(signer.PublicKey.Verify(signed.Reading.SigningHash().AsSpan(), signature));
        Assert.True(signature.IsLowS);
    }

    [Fact]
    public void Readings_must_move_forward_even_across_a_restart()
    {
        var register = new EnergyRegister(1000).Count(10);
        MeterReading last;
        using (var signer = new MeterReadingSigner(Key()))
        {
            signer.Sign(register, 100);
            last = signer.Sign(register.Count(5), 105).Reading;
            Assert.Throws<InvalidOperationException>(() => signer.Sign(register.Count(6), 105)); // same second
            Assert.Throws<InvalidOperationException>(() => signer.Sign(register, 110));          // fewer pulses
        }

        using var restarted = new MeterReadingSigner(Key(), last);
        Assert.Throws<InvalidOperationException>(() => restarted.Sign(register.Count(5), 104)); // clock set back
        Assert.Equal(110UL, restarted.Sign(register.Count(5), 110).Reading.Timestamp);
    }

    [Fact]
    public void The_engine_accepts_what_the_signer_produces()
    {
        // The same preimage the channel engine verifies (Commitments.CheckReading).
        using var signer = new MeterReadingSigner(Key());
        var signed = signer.Sign(new EnergyRegister(2000).Count(7), 42);
        var hash = new MeterReading(3, 7, 42).SigningHash();
        Assert.True(signer.PublicKey.Verify(hash.AsSpan(), EcdsaSignature.FromCompact(signed.Signature.AsSpan())));
    }
}
