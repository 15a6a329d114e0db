using System.Buffers.Binary;

namespace Microchannels.Channels.Transport;

/// <summary>
/// The sending half of a BOLT 8 session ("Encrypting and Sending Messages"): turns a
/// Lightning message <c>m</c> into <c>lc || c</c>, where <c>lc</c> is the encrypted
/// 2-byte big-endian length with its MAC (18 bytes) and <c>c</c> the encrypted message
/// with its MAC. Not thread-safe: callers serialize sends.
/// </summary>
public sealed class NoiseMessageEncryptor : IDisposable
{
    /// <summary>BOLT 8: "The maximum size of any Lightning message MUST NOT exceed 65535 bytes."</summary>
    public const int MaxMessageLength = ushort.MaxValue;

    /// <summary>The encrypted length prefix: 2 bytes plus a 16-byte MAC.</summary>
    public const int LengthPrefixSize = 2 + CipherState.TagSize;

    private readonly CipherState _state;

    public NoiseMessageEncryptor(CipherState sendingState)
    {
        ArgumentNullException.ThrowIfNull(sendingState);
        _state = sendingState;
    }

    internal CipherState State => _state;

    /// <summary>Bytes on the wire for a message of <paramref name="messageLength"/> bytes: 18 + length + 16.</summary>
    public static int EncryptedLength(int messageLength) => LengthPrefixSize + messageLength + CipherState.TagSize;

    public byte[] Encrypt(ReadOnlySpan<byte> message)
    {
        RequireSendable(message.Length);
        var packet = new byte[EncryptedLength(message.Length)];
        Encrypt(message, packet);
        return packet;
    }

    /// <summary>Writes <c>lc || c</c> into <paramref name="destination"/>, which must be exactly <see cref="EncryptedLength"/> bytes.</summary>
    public void Encrypt(ReadOnlySpan<byte> message, Span<byte> destination)
    {
        RequireSendable(message.Length);
        if (destination.Length != EncryptedLength(message.Length))
        {
            throw new ArgumentException($"Destination must be exactly {EncryptedLength(message.Length)} bytes.", nameof(destination));
        }

        // Steps 1-3: l = len(m) as 2 bytes big-endian, encrypted with sn, then sn++.
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)message.Length);
        _state.Encrypt(length, destination[..LengthPrefixSize]);

        // Step 4: the message itself under the next nonce, then sn++.
        _state.Encrypt(message, destination[LengthPrefixSize..]);
    }

    public void Dispose() => _state.Dispose();

    private static void RequireSendable(int length)
    {
        if (length > MaxMessageLength)
        {
            throw new MessageTooLargeException(length);
        }
    }
}
