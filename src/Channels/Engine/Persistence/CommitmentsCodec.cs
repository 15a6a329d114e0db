using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Persistence;

/// <summary>
/// The stored form of <see cref="Commitments"/>: the <c>State</c> bytes of a
/// <see cref="Store.ChannelRecord"/>. DESIGN.md decision 4 makes these bytes the
/// channel's memory across crashes, so the format is:
/// <list type="bullet">
/// <item>versioned: <see cref="Magic"/>, then a u16 version, then that version's fields;</item>
/// <item>deterministic and canonical: big-endian fixed-width fields (BOLT 1 style, through
/// <see cref="WireWriter"/>), minimal BigSize counts, flags exactly 0 or 1, so one state has
/// one encoding and <c>Encode(Decode(b))</c> gives back <c>b</c>;</item>
/// <item>frozen: golden tests pin the bytes, so a refactor cannot silently change what
/// stored channels mean (eclair's nonreg codec files, STYLE.md #11). A change to the
/// layout is a new version, and old versions stay readable.</item>
/// </list>
/// Commitment transactions are not stored: they are rebuilt from their specs. Every
/// decode failure is a <see cref="ChannelStateFormatException"/>.
/// </summary>
public static class CommitmentsCodec
{
    /// <summary>'C': the record holds <see cref="Commitments"/> (other channel phases may take other letters).</summary>
    public const byte Magic = 0x43;

    /// <summary>
    /// The newest version <see cref="Encode"/> writes. Version 2 is version 1 with
    /// each last-reading slot led by its reading's version (0 none, 1, 2), so it can
    /// hold a version-2 reading (docs/PROTOCOL.md). A state with no version-2 reading
    /// is still written as version 1, so its bytes, and the golden files, do not change.
    /// </summary>
    public const ushort CurrentVersion = 2;

    private const ushort Version1 = 1;

    /// <exception cref="ArgumentException">
    /// The state holds a value the format refuses to store because it could not be loaded
    /// back (an amount beyond 21 million BTC, a commitment number beyond 2^48 - 1, a meter
    /// reading whose signature is not a signature): a bug upstream, never to be persisted.
    /// </exception>
    public static byte[] Encode(Commitments state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var writer = new WireWriter(1024);
        writer.WriteByte(Magic);
        bool v2 = state.LastLocalReading?.Version == 2 || state.LastRemoteReading?.Version == 2;
        writer.WriteU16(v2 ? CurrentVersion : Version1);
        WriteVersion1(writer, state, v2);
        return writer.ToArray();
    }

    /// <exception cref="ChannelStateFormatException">The bytes are not a complete, valid stored state.</exception>
    public static Commitments Decode(ReadOnlySpan<byte> data)
    {
        var reader = new WireReader(data);
        try
        {
            ushort version = ReadHeader(ref reader);
            var state = ReadVersion1(ref reader, version == CurrentVersion);
            reader.EnsureEnd();
            return state;
        }
        catch (WireFormatException e)
        {
            throw new ChannelStateFormatException(Translate(e.Reason), e.Message, e);
        }
    }

    private static ushort ReadHeader(ref WireReader reader)
    {
        if (reader.ReadByte() != Magic)
        {
            throw StateFields.Error(ChannelStateFormatReason.UnknownFormat, 0, $"Not a stored channel state: the first byte is not 0x{Magic:x2}");
        }

        ushort version = reader.ReadU16();
        if (version is not (Version1 or CurrentVersion))
        {
            throw StateFields.Error(ChannelStateFormatReason.UnsupportedVersion, 1, $"Stored channel state version {version} is not readable by this build (it reads {Version1} and {CurrentVersion})");
        }

        return version;
    }

    private static void WriteVersion1(WireWriter writer, Commitments state, bool versionedReadings)
    {
        ChannelParametersCodec.Write(writer, state.Parameters);
        LocalCommitCodec.Write(writer, state.LocalCommit);
        RemoteCommitCodec.Write(writer, state.RemoteCommit);
        ChangeSetCodec.Write(writer, state.LocalChanges);
        ChangeSetCodec.Write(writer, state.RemoteChanges);
        writer.WriteU64(state.LocalNextTransferId);
        writer.WriteU64(state.RemoteNextTransferId);
        writer.WriteFlag(state.NextRemoteCommit is not null);
        if (state.NextRemoteCommit is { } pending)
        {
            PendingRemoteCommitCodec.Write(writer, pending);
        }

        writer.WriteFlag(state.RemoteNextPerCommitmentPoint is not null);
        if (state.RemoteNextPerCommitmentPoint is { } point)
        {
            writer.WritePublicKey(point);
        }

        PerCommitmentSecretStoreCodec.Write(writer, state.RemoteSecrets);
        WriteReading(writer, state.LastLocalReading, versionedReadings);
        WriteReading(writer, state.LastRemoteReading, versionedReadings);
    }

    private static Commitments ReadVersion1(ref WireReader reader, bool versionedReadings) => new(
        ChannelParametersCodec.Read(ref reader),
        LocalCommitCodec.Read(ref reader),
        RemoteCommitCodec.Read(ref reader),
        ChangeSetCodec.Read(ref reader),
        ChangeSetCodec.Read(ref reader),
        reader.ReadU64(),
        reader.ReadU64(),
        reader.ReadFlag() ? PendingRemoteCommitCodec.Read(ref reader) : null,
        reader.ReadFlag() ? reader.ReadPublicKey() : null,
        PerCommitmentSecretStoreCodec.Read(ref reader),
        ReadReading(ref reader, versionedReadings),
        ReadReading(ref reader, versionedReadings));

    private static void WriteReading(WireWriter writer, MeterReading? reading, bool versioned)
    {
        if (!versioned)
        {
            writer.WriteFlag(reading is not null);
            reading?.Write(writer);
            return;
        }

        writer.WriteByte((byte)(reading?.Version ?? 0));
        if (reading is { Version: 2 } v2)
        {
            v2.WriteV2(writer);
        }
        else
        {
            reading?.Write(writer);
        }
    }

    private static MeterReading? ReadReading(ref WireReader reader, bool versioned)
    {
        if (!versioned)
        {
            return reader.ReadFlag() ? MeterReading.Read(ref reader) : null;
        }

        int offset = reader.Position;
        return reader.ReadByte() switch
        {
            0 => null,
            1 => MeterReading.Read(ref reader),
            2 => MeterReading.ReadV2(ref reader),
            var other => throw StateFields.Error(ChannelStateFormatReason.InvalidFlag, offset, $"Reading version {other} is neither 0, 1 nor 2"),
        };
    }

    /// <summary>The wire reader's own failures, in this format's words.</summary>
    private static ChannelStateFormatReason Translate(WireFormatReason reason) => reason switch
    {
        WireFormatReason.Truncated => ChannelStateFormatReason.Truncated,
        WireFormatReason.TrailingBytes => ChannelStateFormatReason.TrailingBytes,
        WireFormatReason.NonMinimalBigSize => ChannelStateFormatReason.NonCanonical,
        _ => ChannelStateFormatReason.Unspecified,
    };
}
