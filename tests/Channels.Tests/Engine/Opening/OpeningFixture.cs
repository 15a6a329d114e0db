using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine.Opening;

/// <summary>
/// The meter (opener) and the provider (accepter) walking through BOLT 2 "Channel
/// Establishment v1" with real messages, each encoded and decoded on its way. The
/// keys and amounts are those of <see cref="ChannelPair"/>, which the opened
/// channel then replaces so its transfers run on the result.
/// </summary>
internal sealed class OpeningFixture : IDisposable
{
    public static readonly Satoshis Funding = new(ChannelPair.FundingSatoshis);
    public static readonly FeeratePerKw Feerate = new(253);

    public OpeningFixture()
    {
        Pair = new ChannelPair();
    }

    /// <summary>Supplies the signers, the meter reading key and, after opening, the transfer harness.</summary>
    public ChannelPair Pair { get; }

    public ChannelAcceptancePolicy Policy { get; } = ChannelAcceptancePolicy.Default;

    public ChannelId TemporaryChannelId { get; } = new(Hashes.Sha256("temporary channel"u8));

    /// <summary>An input to spend from; any txid will do, the funding transaction is never validated here.</summary>
    public static OutPoint WalletCoin { get; } = new(TxId.Parse("fd2105607605d2302994ffea703b09f66b6351816ee737a93e42a841ea20bbad"), 0);

    /// <summary>Encodes and decodes <paramref name="message"/> as the transport would, checking the bytes survive.</summary>
    public static T OverTheWire<T>(T message)
        where T : LightningMessage
    {
        byte[] bytes = MessageCodec.Encode(message);
        var decoded = MessageCodec.Decode(bytes).Message;
        Assert.Equal(bytes, MessageCodec.Encode(decoded));
        return Assert.IsType<T>(decoded);
    }

    /// <summary>A funding transaction with change first, so the funding output has index 1.</summary>
    public static Transaction FundingTransaction(Script fundingScriptPubKey, Satoshis amount) => new(
        2,
        [new TxIn(WalletCoin, Script.Empty, TxIn.SequenceFinal, Witness.Empty)],
        [new TxOut(new Satoshis(50_000), StandardScripts.PayToWitnessPubKeyHash(new byte[20])), new TxOut(amount, fundingScriptPubKey)],
        0);

    public (AwaitingAcceptChannel State, OpenChannel Message) Start(ulong pushMsat = 0) =>
        ChannelEstablishment.OpenerStart(TemporaryChannelId, Funding, new MilliSatoshis(pushMsat), Feerate, Pair.MeterReadingKey.PublicKey, Pair.MeterSigner, Policy);

    /// <summary>The provider's answer to the meter's open_channel.</summary>
    public (AwaitingFundingCreated State, AcceptChannel Message) Accept(OpenChannel open) =>
        ChannelEstablishment.AccepterReceiveOpenChannel(OverTheWire(open), Policy, Pair.ProviderSigner);

    /// <summary>The meter's side up to the funding transaction, and the provider waiting for funding_created.</summary>
    public (AwaitingFundingTransaction Meter, AwaitingFundingCreated Provider) Negotiate(ulong pushMsat = 0)
    {
        var (meter, open) = Start(pushMsat);
        var (provider, accept) = Accept(open);
        return (meter.ReceiveAcceptChannel(OverTheWire(accept), Policy), provider);
    }

    /// <summary>Through funding_created: the meter awaiting funding_signed, the provider's reply not yet delivered.</summary>
    public Funded Fund(ulong pushMsat = 0)
    {
        var (meter, provider) = Negotiate(pushMsat);
        var funding = FundingTransaction(meter.FundingScriptPubKey, meter.FundingAmount);
        var outPoint = new OutPoint(funding.GetTxId(), 1);
        var (meterSigned, created) = meter.FundingTransactionCreated(outPoint, Pair.MeterSigner);
        return new Funded(meterSigned, provider, OverTheWire(created), funding);
    }

    /// <summary>Both sides with commitment 0 signed both ways, waiting for confirmations.</summary>
    public Confirming Confirm(ulong pushMsat = 0)
    {
        var funded = Fund(pushMsat);
        var (provider, signed) = funded.Provider.ReceiveFundingCreated(funded.Created, Pair.ProviderSigner);
        var meter = funded.Meter.ReceiveFundingSigned(OverTheWire(signed), Pair.MeterSigner);
        return new Confirming(meter, provider, funded.FundingTransaction.Outputs[1]);
    }

    public void Dispose() => Pair.Dispose();

    internal sealed record Funded(AwaitingFundingSigned Meter, AwaitingFundingCreated Provider, FundingCreated Created, Transaction FundingTransaction);

    internal sealed record Confirming(AwaitingFundingConfirmed Meter, AwaitingFundingConfirmed Provider, TxOut FundingOutput);
}
