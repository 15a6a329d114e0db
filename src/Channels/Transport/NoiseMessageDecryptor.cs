using System.Buffers.Binary;

namespace Microchannels.Channels.Transport;

/// <summary>
/// The receiving half of a BOLT 8 session ("Receiving and Decrypting Messages"):
/// first the 18-byte encrypted length prefix, then exactly <c>l + 16</c> bytes of
/// body. Any MAC failure throws <see cref="NoiseMessageAuthenticationException"/> and
/// makes the decryptor unusable. Not thread-safe: one reader.
/// </summary>
public sealed class NoiseMessageDecryptor : IDisposable
{
    private readonly CipherState _state;
    private int _pendingBodyLength = -1;

    public NoiseMessageDecryptor(CipherState receivingState)
    {
        ArgumentNullException.ThrowIfNull(receivingState);
        _state = receivingState;
    }

    internal CipherState State => _state;

    /// <summary>
    /// Steps 2-3: decrypts <c>lc</c> (exactly 18 bytes) with <c>rn</c> and returns the
    /// body length <c>l</c>; the caller then reads exactly <c>l + 16</c> bytes.
    /// </summary>
    public int DecryptLength(ReadOnlySpan<byte> encryptedLength)
    {
        if (_pendingBodyLength >= 0)
        {
            throw new InvalidOperationException("The previous message's body has not been decrypted yet.");
        }

        if (encryptedLength.Length != NoiseMessageEncryptor.LengthPrefixSize)
        {
            throw new ArgumentException($"The encrypted length prefix is exactly {NoiseMessageEncryptor.LengthPrefixSize} bytes.", nameof(encryptedLength));
        }

        Span<byte> length = stackalloc byte[2];
        if (!_state.TryDecrypt(encryptedLength, length))
        {
            throw new NoiseMessageAuthenticationException("The MAC of the message length prefix is invalid.");
        }

        _pendingBodyLength = BinaryPrimitives.ReadUInt16BigEndian(length);
        return _pendingBodyLength;
    }

    /// <summary>Step 5: decrypts <c>c</c> (exactly <c>l + 16</c> bytes) with <c>rn</c> into <paramref name="destination"/> (<c>l</c> bytes).</summary>
    public void DecryptBody(ReadOnlySpan<byte> encryptedBody, Span<byte> destination)
    {
        if (_pendingBodyLength < 0)
        {
            throw new InvalidOperationException("Decrypt the length prefix before the body.");
        }

        if (encryptedBody.Length != _pendingBodyLength + CipherState.TagSize || destination.Length != _pendingBodyLength)
        {
            throw new ArgumentException($"The body announced {_pendingBodyLength} bytes; pass its {_pendingBodyLength + CipherState.TagSize} encrypted bytes.", nameof(encryptedBody));
        }

        if (!_state.TryDecrypt(encryptedBody, destination))
        {
            throw new NoiseMessageAuthenticationException("The MAC of the message body is invalid.");
        }

        _pendingBodyLength = -1;
    }

    /// <summary>Decrypts one whole packet <c>lc || c</c>, which must contain exactly one message.</summary>
    public byte[] Decrypt(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < NoiseMessageEncryptor.EncryptedLength(0))
        {
            throw new ArgumentException("The packet is shorter than an empty message.", nameof(packet));
        }

        int length = DecryptLength(packet[..NoiseMessageEncryptor.LengthPrefixSize]);
        var body = packet[NoiseMessageEncryptor.LengthPrefixSize..];
        if (body.Length != length + CipherState.TagSize)
        {
            throw new ArgumentException($"The packet announces {length} bytes but carries {body.Length - CipherState.TagSize}.", nameof(packet));
        }

        var message = new byte[length];
        DecryptBody(body, message);
        return message;
    }

    public void Dispose() => _state.Dispose();
}
