namespace Microchannels.Channels.Wire;

/// <summary>
/// BOLT 1, "The init Message" (type 16): the features the node supports or
/// requires, sent first on every connection.
/// </summary>
public sealed record Init(FeatureBits GlobalFeatures, FeatureBits Features) : LightningMessage
{
    /// <summary>`init_tlvs` type 1 `networks`: `...*chain_hash`.</summary>
    private static readonly TlvField<ValueList<ChainHash>> NetworksField = new(
        1,
        "networks",
        ReadChainHashes,
        static (writer, chains) =>
        {
            foreach (var chain in chains)
            {
                writer.Write(chain);
            }
        });

    /// <summary>`init_tlvs` type 3 `remote_addr`: an address descriptor (BOLT 7), kept as bytes.</summary>
    private static readonly TlvField<ByteVector> RemoteAddressField = TlvField.Bytes(3, "remote_addr");

    private static readonly TlvNamespace Tlvs = new("init_tlvs", NetworksField, RemoteAddressField);

    /// <summary>The chains the node is interested in; null when the record is absent.</summary>
    public ValueList<ChainHash>? Networks { get; init; }

    /// <summary>The peer's view of our address (BOLT 7 address descriptor); null when absent.</summary>
    public ByteVector? RemoteAddress { get; init; }

    /// <summary>BOLT 1: the receiver "MUST combine (bitwise OR) the two feature bitmaps".</summary>
    public FeatureBits CombinedFeatures => GlobalFeatures.BitwiseOr(Features);

    public static Init Read(ref WireReader reader)
    {
        var message = new Init(
            FeatureBits.FromBytes(reader.ReadBytes(reader.ReadU16())),
            FeatureBits.FromBytes(reader.ReadBytes(reader.ReadU16())));
        var tlvs = TlvStream.Read(ref reader, Tlvs);
        return message with
        {
            Networks = tlvs.FindValue(NetworksField),
            RemoteAddress = tlvs.FindValue(RemoteAddressField),
            Extension = tlvs.WithoutKnown(Tlvs),
        };
    }

    public static void Write(WireWriter writer, Init message)
    {
        writer.WriteU16PrefixedBytes(message.GlobalFeatures.Bytes);
        writer.WriteU16PrefixedBytes(message.Features.Bytes);
        Tlvs.Compose(
            message.Extension,
            TlvOptional.Record(NetworksField, message.Networks),
            TlvOptional.Record(RemoteAddressField, message.RemoteAddress)).Write(writer);
    }

    private static ValueList<ChainHash> ReadChainHashes(ref WireReader reader)
    {
        if (reader.Remaining % ChainHash.Size != 0)
        {
            throw new WireFormatException(
                WireFormatReason.InvalidTlvValue,
                $"networks holds {reader.Remaining} bytes, not a whole number of 32-byte chain hashes.");
        }

        var chains = new ChainHash[reader.Remaining / ChainHash.Size];
        for (int i = 0; i < chains.Length; i++)
        {
            chains[i] = reader.ReadChainHash();
        }

        return new ValueList<ChainHash>(chains);
    }
}
