using System.Collections.Frozen;

namespace Microchannels.Channels.Wire;

/// <summary>
/// The one place that lists message type numbers (STYLE.md #9). Adding a message
/// is a record with a static Read/Write pair plus one row here.
/// </summary>
public static class MessageTypes
{
    /// <summary>
    /// Ours (DESIGN.md decision 2, docs/PROTOCOL.md). BOLT 1, "Lightning Message
    /// Format": "Custom (types 32768-65535): experimental and application-specific
    /// messages"; a sender "SHOULD pick a random type to avoid collision with other
    /// custom types" and "SHOULD pick an odd type identifiers when regular nodes
    /// should ignore the additional data". 41093 was drawn at random among odd
    /// custom types, avoiding those bLIP 2 reserves (37913 and 63497-65535).
    /// </summary>
    public const ushort UpdateTransfer = 41093;

    /// <summary>
    /// Ours (docs/PROTOCOL.md, "Message: statement_signature"): a node signature over a
    /// billing statement's digest, exchanged at each statement boundary. Odd and custom
    /// for the reasons <see cref="UpdateTransfer"/> is; 48319 drawn at random the same way.
    /// </summary>
    public const ushort StatementSignature = 48319;

    /// <summary>
    /// Ours (docs/PROTOCOL.md, "Message: tariff_update"): the provider tells a meter its tariff.
    /// Odd and custom for the reasons <see cref="UpdateTransfer"/> is; 39657 drawn at random the same way.
    /// </summary>
    public const ushort TariffUpdate = 39657;

    /// <summary>BOLT 1 <c>ping</c>; the transport answers it itself, so it needs the number.</summary>
    public const ushort PingType = 18;

    /// <summary>BOLT 1 <c>pong</c>.</summary>
    public const ushort PongType = 19;

    private static readonly MessageDescriptor[] Table =
    [
        // BOLT 1, "Setup Messages" and "Control Messages".
        Row<Warning>(1, "warning", Warning.Read, Warning.Write),
        Row<Init>(16, "init", Init.Read, Init.Write),
        Row<Error>(17, "error", Error.Read, Error.Write),
        Row<Ping>(PingType, "ping", Ping.Read, Ping.Write),
        Row<Pong>(PongType, "pong", Pong.Read, Pong.Write),

        // BOLT 2, "Channel Establishment v1" and "Channel Close".
        Row<OpenChannel>(32, "open_channel", OpenChannel.Read, OpenChannel.Write),
        Row<AcceptChannel>(33, "accept_channel", AcceptChannel.Read, AcceptChannel.Write),
        Row<FundingCreated>(34, "funding_created", FundingCreated.Read, FundingCreated.Write),
        Row<FundingSigned>(35, "funding_signed", FundingSigned.Read, FundingSigned.Write),
        Row<ChannelReady>(36, "channel_ready", ChannelReady.Read, ChannelReady.Write),
        Row<Shutdown>(38, "shutdown", Shutdown.Read, Shutdown.Write),
        Row<ClosingSigned>(39, "closing_signed", ClosingSigned.Read, ClosingSigned.Write),

        // BOLT 2, "Normal Operation" and "Message Retransmission".
        Row<CommitmentSigned>(132, "commitment_signed", CommitmentSigned.Read, CommitmentSigned.Write),
        Row<RevokeAndAck>(133, "revoke_and_ack", RevokeAndAck.Read, RevokeAndAck.Write),
        Row<UpdateFee>(134, "update_fee", UpdateFee.Read, UpdateFee.Write),
        Row<ChannelReestablish>(136, "channel_reestablish", ChannelReestablish.Read, ChannelReestablish.Write),

        // Ours, docs/PROTOCOL.md.
        Row<UpdateTransfer>(UpdateTransfer, "update_transfer", Wire.UpdateTransfer.Read, Wire.UpdateTransfer.Write),
        Row<StatementSignature>(StatementSignature, "statement_signature", Wire.StatementSignature.Read, Wire.StatementSignature.Write),
        Row<TariffUpdate>(TariffUpdate, "tariff_update", Wire.TariffUpdate.Read, Wire.TariffUpdate.Write),
    ];

    private static readonly FrozenDictionary<ushort, MessageDescriptor> ByNumber =
        Table.ToFrozenDictionary(row => row.Type);

    private static readonly FrozenDictionary<Type, MessageDescriptor> ByClass =
        Table.ToFrozenDictionary(row => row.MessageClass);

    /// <summary>Every type number we know, in table order.</summary>
    public static IReadOnlyList<ushort> Known { get; } = Table.Select(row => row.Type).ToArray();

    public static bool IsKnown(ushort type) => ByNumber.ContainsKey(type);

    /// <summary>The BOLT name of a known type ("open_channel"), or null.</summary>
    public static string? NameOf(ushort type) => ByNumber.TryGetValue(type, out var row) ? row.Name : null;

    public static ushort NumberOf<T>()
        where T : LightningMessage => NumberOf(typeof(T));

    public static ushort NumberOf(Type messageClass)
    {
        ArgumentNullException.ThrowIfNull(messageClass);
        return ByClass.TryGetValue(messageClass, out var row)
            ? row.Type
            : throw new ArgumentException($"{messageClass.Name} has no row in {nameof(MessageTypes)}.", nameof(messageClass));
    }

    internal static MessageDescriptor? Find(ushort type) => ByNumber.GetValueOrDefault(type);

    internal static MessageDescriptor Find(Type messageClass) =>
        ByClass.TryGetValue(messageClass, out var row)
            ? row
            : throw new ArgumentException($"{messageClass.Name} has no row in {nameof(MessageTypes)}.", nameof(messageClass));

    private static MessageDescriptor<T> Row<T>(ushort type, string name, MessageReader<T> read, Action<WireWriter, T> write)
        where T : LightningMessage => new(type, name, read, write);
}
