namespace Microchannels.Bitcoin.Crypto;

/// <summary>
/// Raised on the first key or signature operation when libsecp256k1 cannot be
/// loaded. The message says how to fix it: install the Debian package.
/// </summary>
public sealed class Secp256k1UnavailableException : Exception
{
    /// <summary>The fix, in the words an operator can paste into a shell.</summary>
    internal const string InstallHint = "install the Debian package libsecp256k1-1 (apt-get install libsecp256k1-1)";

    public Secp256k1UnavailableException()
        : base($"{Secp256k1Native.LibraryName} was not found: {InstallHint}")
    {
    }

    public Secp256k1UnavailableException(string message)
        : base(message)
    {
    }

    public Secp256k1UnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static Secp256k1UnavailableException NotFound(string libraryName, Exception? innerException)
    {
        var message = $"{libraryName} was not found: {InstallHint}";
        return innerException is null
            ? new Secp256k1UnavailableException(message)
            : new Secp256k1UnavailableException(message, innerException);
    }

    internal static Secp256k1UnavailableException MissingExport(string libraryName, string export) =>
        new($"{libraryName} was found but does not export {export} (built without a module Microchannels needs): {InstallHint}");
}
