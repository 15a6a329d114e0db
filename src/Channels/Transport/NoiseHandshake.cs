using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Channels.Transport;

/// <summary>
/// The BOLT 8 handshake, Noise_XK_secp256k1_ChaChaPoly_SHA256, as a pure state
/// machine with no I/O: the caller moves the fixed-size acts over the wire.
/// Initiator: <see cref="WriteActOne"/>, <see cref="ReadActTwo"/>, <see cref="WriteActThree"/>.
/// Responder: <see cref="ReadActOne"/>, <see cref="WriteActTwo"/>, <see cref="ReadActThree"/>.
/// Then <see cref="CompleteSession"/> hands over the keys. A rejected act throws
/// <see cref="NoiseHandshakeException"/> and wipes every secret, so nothing derived
/// from a failed handshake can be used.
/// </summary>
public sealed class NoiseHandshake : IDisposable
{
    public const int ActOneLength = 50;
    public const int ActTwoLength = 50;
    public const int ActThreeLength = 66;

    // BOLT 8, "Handshake Versioning": version 0 is the only one we know.
    private const byte HandshakeVersion = 0;
    private const int KeyLength = 33;
    private const int TagLength = NoiseAead.TagSize;
    private const int EncryptedKeyLength = KeyLength + TagLength;

    private enum Step
    {
        WriteActOne,
        ReadActOne,
        WriteActTwo,
        ReadActTwo,
        WriteActThree,
        ReadActThree,
        Complete,
        Finished,
    }

    private readonly PrivateKey _localStatic;
    private readonly PrivateKey _ephemeral;
    private readonly NoiseSymmetricState _state;
    private PublicKey? _remoteStatic;
    private PublicKey? _remoteEphemeral;
    private NoiseSession? _session;
    private Step _next;

    /// <summary>
    /// Takes ownership of <paramref name="ephemeral"/> (wiped when the handshake ends);
    /// <paramref name="localStatic"/> stays the caller's. Internal because BOLT 8
    /// requires a fresh random ephemeral key per session: only the spec's vectors fix it.
    /// </summary>
    internal NoiseHandshake(PrivateKey localStatic, PublicKey? remoteStatic, PrivateKey ephemeral)
    {
        ArgumentNullException.ThrowIfNull(localStatic);
        ArgumentNullException.ThrowIfNull(ephemeral);
        _localStatic = localStatic;
        _ephemeral = ephemeral;
        _remoteStatic = remoteStatic;
        IsInitiator = remoteStatic is not null;

        // "Handshake State Initialization": both sides mix in the responder's static key.
        _state = new NoiseSymmetricState(IsInitiator ? remoteStatic!.ToBytes() : localStatic.PublicKey.ToBytes());
        _next = IsInitiator ? Step.WriteActOne : Step.ReadActOne;
    }

    public bool IsInitiator { get; }

    public bool IsComplete => _next == Step.Complete;

    internal ReadOnlySpan<byte> HandshakeHash => _state.HandshakeHash;

    internal ReadOnlySpan<byte> ChainingKey => _state.ChainingKey;

    /// <summary>Starts a handshake to the node whose static key (node id) is <paramref name="remoteStatic"/>.</summary>
    public static NoiseHandshake CreateInitiator(PrivateKey localStatic, PublicKey remoteStatic)
    {
        ArgumentNullException.ThrowIfNull(remoteStatic);
        return new NoiseHandshake(localStatic, remoteStatic, PrivateKey.Generate());
    }

    /// <summary>Answers a handshake; the initiator's static key is learned in act three.</summary>
    public static NoiseHandshake CreateResponder(PrivateKey localStatic) => new(localStatic, null, PrivateKey.Generate());

    /// <summary>Act One, sender: <c>-> e, es</c>.</summary>
    public byte[] WriteActOne()
    {
        Expect(Step.WriteActOne);
        var act = WriteEphemeralAct(_remoteStatic!);
        _next = Step.ReadActTwo;
        return act;
    }

    /// <summary>Act One, receiver: checks that the initiator knows our static key.</summary>
    public void ReadActOne(ReadOnlySpan<byte> act)
    {
        Expect(Step.ReadActOne);
        ReadEphemeralAct(1, act, ActOneLength, _localStatic);
        _next = Step.WriteActTwo;
    }

    /// <summary>Act Two, sender: <c>&lt;- e, ee</c>.</summary>
    public byte[] WriteActTwo()
    {
        Expect(Step.WriteActTwo);
        var act = WriteEphemeralAct(_remoteEphemeral!);
        _next = Step.ReadActThree;
        return act;
    }

    /// <summary>Act Two, receiver.</summary>
    public void ReadActTwo(ReadOnlySpan<byte> act)
    {
        Expect(Step.ReadActTwo);
        ReadEphemeralAct(2, act, ActTwoLength, _ephemeral);
        _next = Step.WriteActThree;
    }

    /// <summary>Act Three, sender: <c>-> s, se</c>. Completes the initiator's handshake.</summary>
    public byte[] WriteActThree()
    {
        Expect(Step.WriteActThree);
        var act = new byte[ActThreeLength];
        act[0] = HandshakeVersion;

        // 1-2: c = encryptWithAD(temp_k2, 1, h, s.pub); h = SHA-256(h || c)
        _state.EncryptAndHash(1, _localStatic.PublicKey.ToBytes(), act.AsSpan(1, EncryptedKeyLength));

        // 3-5: se = ECDH(s.priv, re); ck, temp_k3 = HKDF(ck, se); t = encryptWithAD(temp_k3, 0, h, zero)
        _state.MixKey(_localStatic.Ecdh(_remoteEphemeral!));
        _state.EncryptAndHash(0, ReadOnlySpan<byte>.Empty, act.AsSpan(1 + EncryptedKeyLength, TagLength));

        // 6: sk, rk = HKDF(ck, zero)
        var (sending, receiving) = _state.Split();
        Finish(sending, receiving);
        return act;
    }

    /// <summary>Act Three, receiver: recovers and authenticates the initiator's static key. Completes the responder's handshake.</summary>
    public void ReadActThree(ReadOnlySpan<byte> act)
    {
        Expect(Step.ReadActThree);
        const int act3 = 3;
        CheckLengthAndVersion(act3, act, ActThreeLength);

        // 4-5: rs = decryptWithAD(temp_k2, 1, h, c); h = SHA-256(h || c)
        Span<byte> remoteStaticBytes = stackalloc byte[KeyLength];
        if (!_state.TryDecryptAndHash(1, act.Slice(1, EncryptedKeyLength), remoteStaticBytes))
        {
            throw Fail(act3, NoiseHandshakeFailure.BadCiphertext, "The encrypted static key failed its MAC.");
        }

        _remoteStatic = ParseKey(act3, remoteStaticBytes);

        // 6-8: se = ECDH(e.priv, rs); ck, temp_k3 = HKDF(ck, se); p = decryptWithAD(temp_k3, 0, h, t)
        _state.MixKey(_ephemeral.Ecdh(_remoteStatic));
        if (!_state.TryDecryptAndHash(0, act.Slice(1 + EncryptedKeyLength, TagLength), Span<byte>.Empty))
        {
            throw Fail(act3, NoiseHandshakeFailure.BadTag, "The initiator does not hold the static key it sent.");
        }

        // 9: rk, sk = HKDF(ck, zero)
        var (receiving, sending) = _state.Split();
        Finish(sending, receiving);
    }

    /// <summary>Hands over the session keys, once. The handshake itself is wiped.</summary>
    public NoiseSession CompleteSession()
    {
        Expect(Step.Complete);
        var session = _session!;
        _session = null;
        _next = Step.Finished;
        return session;
    }

    public void Dispose()
    {
        _next = Step.Finished;
        _state.Dispose();
        _ephemeral.Dispose();
        _session?.Dispose();
        _session = null;
    }

    // Acts one and two share a shape: 0 || e.pub || encryptWithAD(temp_k, 0, h, zero),
    // after h = SHA-256(h || e.pub) and ck, temp_k = HKDF(ck, ECDH(e.priv, remote)).
    private byte[] WriteEphemeralAct(PublicKey remote)
    {
        var act = new byte[ActOneLength];
        act[0] = HandshakeVersion;
        var ephemeralKey = _ephemeral.PublicKey.ToBytes();
        ephemeralKey.CopyTo(act, 1);
        _state.MixHash(ephemeralKey);
        _state.MixKey(_ephemeral.Ecdh(remote));
        _state.EncryptAndHash(0, ReadOnlySpan<byte>.Empty, act.AsSpan(1 + KeyLength, TagLength));
        return act;
    }

    // Receiver actions of acts one and two: parse v, re, c; check v; h = SHA-256(h || re);
    // ck, temp_k = HKDF(ck, ECDH(local, re)); check c; h = SHA-256(h || c).
    private void ReadEphemeralAct(int actNumber, ReadOnlySpan<byte> act, int length, PrivateKey local)
    {
        CheckLengthAndVersion(actNumber, act, length);
        var remoteEphemeral = ParseKey(actNumber, act.Slice(1, KeyLength));
        _state.MixHash(remoteEphemeral.ToBytes());
        _state.MixKey(local.Ecdh(remoteEphemeral));
        if (!_state.TryDecryptAndHash(0, act.Slice(1 + KeyLength, TagLength), Span<byte>.Empty))
        {
            throw Fail(actNumber, NoiseHandshakeFailure.BadTag, actNumber == 1
                ? "The initiator does not know our static key."
                : "The responder is not the node we meant to reach.");
        }

        _remoteEphemeral = remoteEphemeral;
    }

    private void CheckLengthAndVersion(int actNumber, ReadOnlySpan<byte> act, int length)
    {
        if (act.Length < length)
        {
            throw Fail(actNumber, NoiseHandshakeFailure.ReadFailed, $"Expected exactly {length} bytes, got {act.Length}.");
        }

        if (act.Length > length)
        {
            throw new ArgumentException($"Act {actNumber} is exactly {length} bytes; pass only those.", nameof(act));
        }

        if (act[0] != HandshakeVersion)
        {
            throw Fail(actNumber, NoiseHandshakeFailure.BadVersion, $"Unknown handshake version {act[0]}.");
        }
    }

    private PublicKey ParseKey(int actNumber, ReadOnlySpan<byte> compressedKey)
    {
        try
        {
            return PublicKey.FromBytes(compressedKey);
        }
        catch (BitcoinFormatException e)
        {
            throw Fail(actNumber, NoiseHandshakeFailure.BadPublicKey, "The key is not a valid compressed secp256k1 point.", e);
        }
    }

    private void Finish(CipherState sending, CipherState receiving)
    {
        _session = new NoiseSession(_remoteStatic!, new NoiseMessageEncryptor(sending), new NoiseMessageDecryptor(receiving));
        _state.Dispose();
        _ephemeral.Dispose();
        _next = Step.Complete;
    }

    private NoiseHandshakeException Fail(int actNumber, NoiseHandshakeFailure reason, string message, Exception? inner = null)
    {
        Dispose();
        return new NoiseHandshakeException(actNumber, reason, message, inner);
    }

    private void Expect(Step step)
    {
        if (_next != step)
        {
            throw new InvalidOperationException(_next == Step.Finished
                ? "This handshake has ended (failed, completed or disposed); start a new one."
                : $"Out of order: the handshake expects {_next}, not {step}.");
        }
    }
}
