namespace Microchannels.Bitcoin.Crypto;

internal static partial class Secp256k1Native
{
    /// <summary>
    /// Every wrapper calls this when a libsecp256k1 function returned 0. If
    /// the library reported an illegal argument on this thread, the 0 means a
    /// bug in our wrappers, not bad input, and the caller gets an
    /// <see cref="InvalidOperationException"/> instead of <paramref name="expected"/>.
    /// </summary>
    internal static Exception Failure(Exception expected)
    {
        var illegal = TakeIllegalArgument();
        return illegal is null ? expected : IllegalArgument(illegal, expected);
    }

    /// <summary>
    /// For calls where 0 is an ordinary answer (verify, normalize): throws
    /// if that 0 actually came from an illegal argument.
    /// </summary>
    internal static void ThrowIfIllegalArgument()
    {
        var illegal = TakeIllegalArgument();
        if (illegal is not null)
        {
            throw IllegalArgument(illegal, innerException: null);
        }
    }

    /// <summary>
    /// Message hashes and tweaks are 32-byte scalars (secp256k1.h: msghash32,
    /// tweak32). A wrong length is a programming error, not malformed peer
    /// data, so it is an <see cref="ArgumentException"/>; and it must be
    /// caught here because libsecp256k1 reads 32 bytes regardless.
    /// </summary>
    internal static void RequireScalarLength(ReadOnlySpan<byte> value, string parameterName)
    {
        if (value.Length != ScalarSize)
        {
            throw new ArgumentException($"{parameterName} must be exactly {ScalarSize} bytes, got {value.Length}.", parameterName);
        }
    }

    private static InvalidOperationException IllegalArgument(string message, Exception? innerException) =>
        new($"libsecp256k1 reported an illegal argument ({message}). This is a bug in Microchannels, not bad input.", innerException);
}
