using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Tests.Engine;
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
        // A channel whose meter_reading_pubkey is this signer's key: the meter's engine
        // checks the reading before proposing the transfer, the provider's on receipt
        // (Commitments.CheckReading); a reading from another key is refused.
        using var pair = new ChannelPair();
        using var signer = new MeterReadingSigner(Key());
        Assert.Equal(pair.MeterReadingKey.PublicKey, signer.PublicKey);
        var signed = signer.Sign(new EnergyRegister(2000).Count(7), 42);

        var (_, transfer) = pair.Meter.SendTransfer(new MilliSatoshis(5_000), signed);
        var provider = pair.Provider.ReceiveTransfer(transfer);

        Assert.Equal(signed, transfer.MeterReading);
        Assert.Equal(pair.Provider.RemoteNextTransferId + 1, provider.RemoteNextTransferId);
        using var otherMeter = new MeterReadingSigner(PrivateKey.FromBytes(Hashes.Sha256("another meter"u8)));
        var foreign = otherMeter.Sign(new EnergyRegister(2000).Count(7), 42);
        Assert.Throws<InvalidMeterReadingSignatureException>(() => pair.Meter.SendTransfer(new MilliSatoshis(5_000), foreign));
        Assert.Throws<InvalidMeterReadingSignatureException>(() => pair.Provider.ReceiveTransfer(transfer with { MeterReading = foreign }));
    }
}
